using System.Text.Json;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Demand;
using DemandFilter = Integration.Contracts.Ledger.V1.DemandFilter;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests.Exports;

/// <summary>
/// Periods, exports and demand on a real PostgreSQL: the period range compare, the "not yet
/// exported" and "wholly in one currency" subqueries, bytea bodies and conditional sums are SQL
/// that SQLite alone would not prove.
/// </summary>
public sealed class LedgerOpsPostgreSqlTests
{
    [Fact]
    public async Task Periods_exports_and_demand_work_on_postgresql()
    {
        using var factory = LedgerFactory.OnPostgreSql(await PostgresServer.CreateDatabaseAsync("ledgerops"));
        var ledger = factory.CreateLedgerClient();
        var periods = new PeriodService.PeriodServiceClient(factory.CreateGrpcChannel());
        var exports = new ExportService.ExportServiceClient(factory.CreateGrpcChannel());
        var demand = new DemandService.DemandServiceClient(factory.CreateGrpcChannel());

        await ledger.PostAsync(Entry("pg:jan", "2025-01-20", Debit("1100", 10.00m), Credit("4000", 10.00m)));
        await ledger.PostAsync(Entry("pg:gbp", "2025-01-21", Debit("1100", 5.00m, "GBP"), Credit("4000", 5.00m, "GBP")));
        await periods.ClosePeriodAsync(new ClosePeriodRequest { Period = "2025-01", Actor = "a", Reason = "r" });
        await periods.ClosePeriodAsync(new ClosePeriodRequest { Period = "2025-02", Actor = "a", Reason = "r" });
        var refused = await Assert.ThrowsAsync<RpcException>(() => ledger.PostAsync(Entry("pg:late", "2025-01-31", Debit("1100", 1.00m), Credit("4000", 1.00m))));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var policy = scope.ServiceProvider.GetRequiredService<Integration.Ledger.Periods.PeriodPolicy>();
            Assert.Equal(new DateOnly(2025, 3, 1), (await policy.ResolveAsync(new DateOnly(2025, 1, 31), CancellationToken.None)).PostingDate);
        }

        var request = new ExportJournalRequest { BatchId = "pg-1", Format = ExportFormat.BusinessCentralJson, FromDate = "2025-01-01", ToDate = "2025-01-31", CurrencyCode = "EUR" };
        var first = await exports.ExportJournalAsync(request);
        var again = await exports.ExportJournalAsync(request);
        var next = await exports.ExportJournalAsync(new ExportJournalRequest(request) { BatchId = "pg-2" });
        Assert.Equal(1, first.Batch.EntryCount);
        Assert.Equal(first.Body, again.Body);
        Assert.True(again.Replayed);
        Assert.Equal(0, next.Batch.EntryCount);
        using (var body = JsonDocument.Parse(first.Body.Memory))
        {
            Assert.Equal(2, body.RootElement.GetProperty("journalLines").GetArrayLength());
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var recorder = scope.ServiceProvider.GetRequiredService<DemandRecorder>();
            recorder.Ordered("PG-1", "WH1", new DateOnly(2025, 1, 2), 3);
            recorder.Cancelled("PG-1", "WH1", new DateOnly(2025, 1, 2), 1);
            recorder.Lost("PG-1", DemandRecorder.AnyLocation, new DateOnly(2025, 1, 2), 4, "O-1");
            await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().SaveChangesAsync();
        }

        var csv = await demand.ExportDemandCsvAsync(new ExportDemandCsvRequest { Filter = new DemandFilter { Sku = "PG-1", FromDate = "2025-01-01", ToDate = "2025-01-31" } });
        Assert.Equal("day,sku,location_id,ordered,cancelled,returned,net,lost\r\n2025-01-02,PG-1,*,0,0,0,0,4\r\n2025-01-02,PG-1,WH1,3,1,0,2,0\r\n",
            csv.Body.ToStringUtf8());
    }
}
