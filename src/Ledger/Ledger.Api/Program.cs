using Integration.Messaging;
using Integration.Ledger;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Data;
using Integration.Ledger.Demand;
using Integration.Ledger.Exports;
using Integration.Ledger.Journal;
using Integration.Ledger.Periods;
using Integration.Ledger.Postings;
using Integration.Ledger.TrialBalance;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// On SQLite a 64 MiB page cache (the default is 2 MiB): every bulk touches the journal's indexes, the orders' rows and
// the inbox and outbox, and pages beyond 2 MiB were read back from the file on every bulk (pread ~5 % of the service's
// samples). --orders 5000 --warmup 2000, interleaved, load 6-11: 186/170/158 vs 203/191/204 us CPU per event.
builder.AddServiceDatabase<LedgerDbContext>("ledgerdb", "Ledger", new SqliteConnectionTuning(pageCacheKiB: 64 * 1024));
builder.AddMessaging<LedgerDbContext>("ledger");
builder.AddChartOfAccounts();
builder.AddPostings();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<JournalWriter>();
builder.Services.AddScoped<TrialBalanceReader>();
builder.AddPeriods();
builder.AddDemand();
builder.AddLedgerExports();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapPostingHandlers();
app.MapGrpcService<LedgerGrpcService>();
app.MapGrpcService<PeriodGrpcService>();
app.MapGrpcService<ExportGrpcService>();
app.MapGrpcService<DemandGrpcService>();
app.MapDemandEvents();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
