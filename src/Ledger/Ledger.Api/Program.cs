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
builder.AddServiceDatabase<LedgerDbContext>("ledgerdb", "Ledger");
// A larger SQLite page cache for the posting path's working set (see SqlitePageCache); no effect on other providers.
builder.Services.ConfigureDbContext<LedgerDbContext>(o => o.AddInterceptors(Integration.Ledger.Postings.Sqlite.SqlitePageCache.Instance));
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
