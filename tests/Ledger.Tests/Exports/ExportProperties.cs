using System.Text.Json;
using CsCheck;
using Integration.Contracts.Ledger.V1;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests.Exports;

/// <summary>
/// Any interleaving of posts, exports over any ranges and reruns of earlier batch ids: a rerun
/// answers its first bytes, no entry is in two batches of a format, and a last export of the whole
/// range leaves nothing unsent.
/// </summary>
public sealed class ExportProperties(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private abstract record Step;

    private sealed record Post(int Day) : Step;

    private sealed record Export(int From, int Length) : Step;

    private sealed record Rerun(int Which) : Step;

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (3, Gen.Int[1, 28].Select(d => (Step)new Post(d))),
        (2, Gen.Select(Gen.Int[1, 28], Gen.Int[0, 27], (f, l) => (Step)new Export(f, l))),
        (1, Gen.Int[0, 9].Select(w => (Step)new Rerun(w))));

    // The entry ids in a NetSuite body (its externalId is our entry id, one journal entry per entry in one currency).
    private static List<string> EntryIds(ExportJournalResponse export)
    {
        using var body = JsonDocument.Parse(export.Body.Memory);
        return body.RootElement.GetProperty("journalEntries").EnumerateArray().Select(e => e.GetProperty("externalId").GetString()!).ToList();
    }

    [Fact]
    public async Task Nothing_is_sent_twice_and_nothing_is_left_behind()
    {
        var run = 0;
        await Steps.Array[1, 25].SampleAsync(async steps =>
        {
            // Each sample has a month of its own (February of a year of its own), so samples do not see each other.
            var year = 1900 + Interlocked.Increment(ref run);
            string Day(int d) => new DateOnly(year, 2, Math.Min(d, 28)).ToString("yyyy-MM-dd");
            var posted = new HashSet<string>(StringComparer.Ordinal);
            var batches = new List<(ExportJournalRequest Request, ExportJournalResponse Response)>();
            var n = 0;

            async Task<ExportJournalResponse> ExportAsync(ExportJournalRequest request)
            {
                var response = await fixture.Exports.ExportJournalAsync(request);
                return response;
            }

            foreach (var step in steps)
            {
                switch (step)
                {
                    case Post p:
                        var entry = await fixture.Ledger.PostAsync(Entry($"prop:{year}:{n++}", Day(p.Day), Debit("1100", 1.00m + p.Day), Credit("4000", 1.00m + p.Day)));
                        posted.Add(entry.Entry.EntryId);
                        break;
                    case Export e:
                        var request = new ExportJournalRequest
                        {
                            BatchId = $"prop-{year}-{batches.Count}", Format = ExportFormat.NetsuiteJson, FromDate = Day(e.From), ToDate = Day(Math.Min(28, e.From + e.Length)),
                        };
                        batches.Add((request, await ExportAsync(request)));
                        break;
                    case Rerun r when batches.Count > 0:
                        var earlier = batches[r.Which % batches.Count];
                        var again = await ExportAsync(earlier.Request);
                        Assert.True(again.Replayed);
                        Assert.Equal(earlier.Response.Body, again.Body);
                        break;
                }
            }

            var last = await ExportAsync(new ExportJournalRequest { BatchId = $"prop-{year}-all", Format = ExportFormat.NetsuiteJson, FromDate = Day(1), ToDate = Day(28) });
            var sent = batches.Select(b => b.Response).Append(last).SelectMany(EntryIds).ToList();
            Assert.Equal(sent.Count, sent.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(posted.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        }, iter: 30);
    }
}
