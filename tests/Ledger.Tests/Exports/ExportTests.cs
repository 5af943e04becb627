using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests.Exports;

public sealed class ExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private readonly LedgerService.LedgerServiceClient _ledger = fixture.Ledger;
    private readonly ExportService.ExportServiceClient _exports = fixture.Exports;

    private Task<ExportJournalResponse> ExportAsync(string batchId, ExportFormat format, string from, string to, string currency = "") =>
        _exports.ExportJournalAsync(new ExportJournalRequest
        {
            BatchId = batchId, Format = format, FromDate = from, ToDate = to, CurrencyCode = currency, RequestedBy = "erp-sync",
        }).ResponseAsync;

    private static JournalEntry Sale(string key, string date) =>
        Entry(key, date, Debit("1100", 119.00m), Credit("2200", 100.00m), Credit("2100", 19.00m, memo: "VAT 19%"));

    private static List<JsonElement> Items(JsonElement array) => array.EnumerateArray().ToList();

    [Fact]
    public async Task Dynamics365_csv_matches_the_documented_general_journal_example_field_for_field()
    {
        // Microsoft's example: 10.00 GBP on 11-Nov-2023, credit 401100, debit 110160, in journal batch PLACEHOLDER1.
        await _ledger.PostAsync(Entry("manual:d365-example", "2023-11-11", Credit("401100", 10.00m, "GBP"), Debit("110160", 10.00m, "GBP")));

        var export = await ExportAsync("PLACEHOLDER1", ExportFormat.Dynamics365FinanceCsv, "2023-11-11", "2023-11-11");

        Assert.Equal("text/csv; charset=utf-8", export.ContentType);
        var ours = export.Body.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var theirs = ErpFixtures.Dynamics365CsvLines().Select(l => l.Split(',')).ToList();
        Assert.Equal(theirs[0], ours[0]);
        Assert.Equal(theirs.Count, ours.Count);
        var voucher = Array.IndexOf(theirs[0], "VOUCHER");
        for (var row = 1; row < theirs.Count; row++)
        {
            for (var field = 0; field < theirs[0].Length; field++)
            {
                if (field == voucher)
                {
                    // The example's voucher is a placeholder Finance replaces on posting; ours names the entry in the batch.
                    Assert.Equal("V000001", ours[row][field]);
                    continue;
                }

                Assert.True(theirs[row][field] == ours[row][field], $"row {row} {theirs[0][field]}: expected '{theirs[row][field]}', got '{ours[row][field]}'");
            }
        }
    }

    [Fact]
    public async Task Business_central_json_has_the_fields_and_types_of_the_documented_create_bodies()
    {
        var posted = await _ledger.PostAsync(Sale("manual:bc-1", "2023-05-10"));

        var export = await ExportAsync("bc-2023-05", ExportFormat.BusinessCentralJson, "2023-05-01", "2023-05-31", "EUR");

        Assert.Equal("application/json", export.ContentType);
        using var body = JsonDocument.Parse(export.Body.Memory);
        var journal = body.RootElement.GetProperty("journal");
        var journalFixture = ErpFixtures.BusinessCentral("bc_v2_journal_create.request.json");
        Assert.Equal(journalFixture.EnumerateObject().Select(p => p.Name).Order(), journal.EnumerateObject().Select(p => p.Name).Order());
        Assert.InRange(journal.GetProperty("code").GetString()!.Length, 1, 10);

        var lineFixture = ErpFixtures.BusinessCentral("bc_v2_journalLine_create.request.json");
        // Business Central assigns the ids and resolves the account from its number, so those three are not sent.
        string[] assigned = ["id", "journalId", "accountId"];
        var expectedFields = lineFixture.EnumerateObject().Where(p => !assigned.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value.ValueKind);
        var lines = Items(body.RootElement.GetProperty("journalLines"));
        Assert.Equal(3, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(expectedFields.Keys.Order(), line.EnumerateObject().Select(p => p.Name).Order());
            Assert.All(line.EnumerateObject(), p => Assert.Equal(expectedFields[p.Name], p.Value.ValueKind));
        }

        Assert.Equal([10000, 20000, 30000], lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.Equal([119.00m, -100.00m, -19.00m], lines.Select(l => l.GetProperty("amount").GetDecimal()));
        Assert.Equal(["1100", "2200", "2100"], lines.Select(l => l.GetProperty("accountNumber").GetString()));
        Assert.All(lines, l => Assert.Equal("G/L Account", l.GetProperty("accountType").GetString()));
        Assert.All(lines, l => Assert.Equal("2023-05-10", l.GetProperty("postingDate").GetString()));
        Assert.All(lines, l => Assert.Equal(posted.Entry.EntryId, l.GetProperty("externalDocumentNumber").GetString()));
        Assert.Single(lines.Select(l => l.GetProperty("documentNumber").GetString()).Distinct());
        Assert.Equal("VAT 19%", lines[2].GetProperty("comment").GetString());
    }

    [Fact]
    public async Task NetSuite_json_is_one_balanced_journal_entry_per_entry_and_currency_with_mapped_ids()
    {
        var mixed = await _ledger.PostAsync(Entry("manual:ns-mixed", "2023-06-15",
            Debit("1100", 10.00m), Credit("4000", 10.00m), Debit("1100", 5.50m, "GBP"), Credit("4000", 5.50m, "GBP", memo: "UK sale")));
        var sale = await _ledger.PostAsync(Sale("manual:ns-sale", "2023-06-20"));

        var export = await ExportAsync("ns-2023-06", ExportFormat.NetsuiteJson, "2023-06-01", "2023-06-30");

        using var body = JsonDocument.Parse(export.Body.Memory);
        var entries = Items(body.RootElement.GetProperty("journalEntries"));
        Assert.Equal([$"{mixed.Entry.EntryId}-EUR", $"{mixed.Entry.EntryId}-GBP", sale.Entry.EntryId],
            entries.Select(e => e.GetProperty("externalId").GetString()));
        Assert.Equal(["1", "2", "1"], entries.Select(e => e.GetProperty("currency").GetProperty("id").GetString()));
        Assert.All(entries, e => Assert.Equal("3", e.GetProperty("subsidiary").GetProperty("id").GetString()));
        Assert.Equal(["2023-06-15", "2023-06-15", "2023-06-20"], entries.Select(e => e.GetProperty("tranDate").GetString()));
        foreach (var entry in entries)
        {
            var items = Items(entry.GetProperty("line").GetProperty("items"));
            var debits = items.Where(i => i.TryGetProperty("debit", out _)).Sum(i => i.GetProperty("debit").GetDecimal());
            var credits = items.Where(i => i.TryGetProperty("credit", out _)).Sum(i => i.GetProperty("credit").GetDecimal());
            Assert.Equal(debits, credits);
            // Each line is either a debit or a credit, never both, as Oracle's example.
            Assert.All(items, i => Assert.True(i.TryGetProperty("debit", out _) ^ i.TryGetProperty("credit", out _)));
            Assert.All(items, i => Assert.Contains(i.GetProperty("account").GetProperty("id").GetString(), ExportFixture.NetSuiteAccounts.Values));
        }

        var gbp = Items(entries[1].GetProperty("line").GetProperty("items"));
        Assert.Equal(["58", "4"], gbp.Select(i => i.GetProperty("account").GetProperty("id").GetString()));
        Assert.Equal(5.50m, gbp[0].GetProperty("debit").GetDecimal());
        Assert.Equal("UK sale", gbp[1].GetProperty("memo").GetString());
    }

    [Fact]
    public async Task NetSuite_refuses_an_unmapped_account_and_records_nothing()
    {
        await _ledger.PostAsync(Entry("manual:ns-shrink", "2023-07-05", Debit("5100", 12.00m), Credit("1300", 12.00m)));

        var error = await Assert.ThrowsAsync<RpcException>(() => ExportAsync("ns-2023-07", ExportFormat.NetsuiteJson, "2023-07-01", "2023-07-31"));
        var csv = await ExportAsync("csv-2023-07", ExportFormat.Dynamics365FinanceCsv, "2023-07-01", "2023-07-31");

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("1300, 5100", error.Status.Detail, StringComparison.Ordinal);
        var batches = await _exports.ListExportBatchesAsync(new ListExportBatchesRequest { PageSize = 500 });
        Assert.DoesNotContain(batches.Batches, b => b.BatchId == "ns-2023-07");
        Assert.Equal(1, csv.Batch.EntryCount);
    }

    [Fact]
    public async Task A_batch_id_answers_the_same_body_again_and_a_new_batch_never_resends_an_entry()
    {
        await _ledger.PostAsync(Sale("manual:aug-1", "2023-08-01"));
        await _ledger.PostAsync(Sale("manual:aug-2", "2023-08-15"));
        await _ledger.PostAsync(Sale("manual:aug-3", "2023-08-31"));

        var first = await ExportAsync("aug-1", ExportFormat.Dynamics365FinanceCsv, "2023-08-01", "2023-08-31");
        var rerun = await ExportAsync("aug-1", ExportFormat.Dynamics365FinanceCsv, "2023-08-01", "2023-08-31");
        var second = await ExportAsync("aug-2", ExportFormat.Dynamics365FinanceCsv, "2023-08-01", "2023-08-31");
        await _ledger.PostAsync(Sale("manual:aug-late", "2023-08-20"));
        var third = await ExportAsync("aug-3", ExportFormat.Dynamics365FinanceCsv, "2023-08-01", "2023-08-31");

        Assert.False(first.Replayed);
        Assert.Equal((3, 9), (first.Batch.EntryCount, first.Batch.LineCount));
        Assert.True(rerun.Replayed);
        Assert.Equal(first.Body, rerun.Body);
        Assert.Equal(first.Batch, rerun.Batch);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.Body.ToByteArray())), first.Batch.BodySha256);
        // Nothing new: the header alone.
        Assert.Equal(0, second.Batch.EntryCount);
        Assert.Equal(string.Join(',', ErpFixtures.Dynamics365CsvLines()[0]) + "\r\n", second.Body.ToStringUtf8());
        // Only the entry posted since.
        Assert.Equal((1, 3), (third.Batch.EntryCount, third.Batch.LineCount));
        Assert.All(third.Body.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1),
            row => Assert.Contains(",20-Aug-2023,", row, StringComparison.Ordinal));

        // Another format is another destination: it gets every entry once too.
        var bc = await ExportAsync("aug-bc", ExportFormat.BusinessCentralJson, "2023-08-01", "2023-08-31", "EUR");
        Assert.Equal(4, bc.Batch.EntryCount);
    }

    [Fact]
    public async Task A_batch_id_reused_for_another_export_is_refused()
    {
        await ExportAsync("reuse-1", ExportFormat.Dynamics365FinanceCsv, "2023-09-01", "2023-09-30");

        var range = await Assert.ThrowsAsync<RpcException>(() => ExportAsync("reuse-1", ExportFormat.Dynamics365FinanceCsv, "2023-09-01", "2023-10-31"));
        var format = await Assert.ThrowsAsync<RpcException>(() => ExportAsync("reuse-1", ExportFormat.NetsuiteJson, "2023-09-01", "2023-09-30"));

        Assert.Equal(StatusCode.AlreadyExists, range.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, format.StatusCode);
        Assert.Contains("reuse-1", range.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space", ExportFormat.Dynamics365FinanceCsv, "2023-01-01", "2023-01-31", "", "batch_id")]
    [InlineData("b1", ExportFormat.Unspecified, "2023-01-01", "2023-01-31", "", "format")]
    [InlineData("b1", ExportFormat.Dynamics365FinanceCsv, "", "2023-01-31", "", "from_date")]
    [InlineData("b1", ExportFormat.Dynamics365FinanceCsv, "2023-02-01", "2023-01-31", "", "to_date")]
    [InlineData("b1", ExportFormat.Dynamics365FinanceCsv, "2023-01-01", "31.01.2023", "", "to_date")]
    [InlineData("b1", ExportFormat.BusinessCentralJson, "2023-01-01", "2023-01-31", "", "currency_code")]
    [InlineData("b1", ExportFormat.NetsuiteJson, "2023-01-01", "2023-01-31", "EURO", "currency_code")]
    public async Task Bad_export_requests_are_refused_naming_the_field(string batchId, ExportFormat format, string from, string to, string currency, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ExportAsync(batchId, format, from, to, currency));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_are_listed_newest_first_in_pages_without_their_bodies()
    {
        for (var i = 0; i < 5; i++)
        {
            await ExportAsync($"list-{i}", ExportFormat.Dynamics365FinanceCsv, "2010-01-01", "2010-01-31");
        }

        var seen = new List<ExportBatch>();
        var token = string.Empty;
        do
        {
            var page = await _exports.ListExportBatchesAsync(new ListExportBatchesRequest { PageSize = 2, PageToken = token });
            Assert.InRange(page.Batches.Count, 0, 2);
            seen.AddRange(page.Batches);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Select(b => b.BatchId).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(b => b.CreatedAt.ToDateTime()).Select(b => b.CreatedAt), seen.Select(b => b.CreatedAt));
        Assert.Equal(["list-4", "list-3", "list-2", "list-1", "list-0"],
            seen.Where(b => b.BatchId.StartsWith("list-", StringComparison.Ordinal)).Select(b => b.BatchId));
        Assert.All(seen, b => Assert.Equal(64, b.BodySha256.Length));
        var bad = await Assert.ThrowsAsync<RpcException>(() => _exports.ListExportBatchesAsync(new ListExportBatchesRequest { PageToken = "!!" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }
}
