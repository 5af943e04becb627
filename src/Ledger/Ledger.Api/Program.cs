using Integration.Messaging;
using Integration.Ledger;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Data;
using Integration.Ledger.Journal;
using Integration.Ledger.Postings;
using Integration.Ledger.TrialBalance;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<LedgerDbContext>("ledgerdb", "Ledger");
builder.AddMessaging<LedgerDbContext>("ledger");
builder.AddChartOfAccounts();
builder.AddPostings();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<JournalWriter>();
builder.Services.AddScoped<TrialBalanceReader>();
builder.Services.AddScoped<Integration.Ledger.Periods.PeriodPolicy>();
builder.Services.AddScoped<Integration.Ledger.Demand.DemandRecorder>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapPostingHandlers();
app.MapGrpcService<LedgerGrpcService>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
