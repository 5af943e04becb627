using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Availability;

/// <summary>
/// Whatever order availability events arrive in — shuffled, redelivered, re-announced, delivered concurrently — the
/// channel is only ever moved forward: the sets it receives carry strictly increasing sequences, and it ends on the
/// figure of the newest sequence.
/// </summary>
[Collection(AvailabilityCollection.Name)]
public sealed class PushOrderingProperties(AvailabilityFixture fixture)
{
    private sealed record Delivery(long Sequence, long Available, string EventId);

    private static readonly Gen<(List<Delivery> Deliveries, bool Concurrent)> Histories =
        from count in Gen.Int[1, 7]
        from availables in Gen.Long[0, 40].Array[count]
        from order in Gen.Int.Array[count]
        from repeats in Gen.Int[0, count - 1].Array[0, 3]
        from redeliver in Gen.Bool.Array[3]
        from concurrent in Gen.Bool
        select (Build(availables, order, repeats, redeliver), concurrent);

    [Fact]
    public async Task The_channel_only_moves_forward_and_ends_on_the_newest_sequence()
    {
        await Histories.SampleAsync(async history =>
        {
            var sku = $"PROP-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
            var item = await fixture.ShopifyItemAsync(sku, shopifyAvailable: 1000);
            if (history.Concurrent)
            {
                await Task.WhenAll(history.Deliveries.Select(d => fixture.ChangedAsync(sku, d.Available, d.Sequence, $"{sku}-{d.EventId}")));
            }
            else
            {
                foreach (var d in history.Deliveries)
                {
                    Assert.Equal("SUCCESS", await fixture.ChangedAsync(sku, d.Available, d.Sequence, $"{sku}-{d.EventId}"));
                }
            }

            var newest = history.Deliveries.MaxBy(d => d.Sequence)!;
            Assert.Equal(newest.Available, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));
            var sequences = fixture.Shopify.Applied.Where(a => a.Item == item).Select(a => a.Sequence).ToList();
            Assert.Equal(sequences.Order().Distinct(), sequences);
            var state = await fixture.Mesh.ConnectorsDbAsync(db => db.PushStates.AsNoTracking().SingleAsync(s => s.Channel == AvailabilityFixture.Channel && s.Sku == sku));
            Assert.Equal((newest.Sequence, newest.Available), (state.PushedSequence, state.PushedAvailable));
        }, iter: 25, threads: 1);
    }

    // Sequences 1..n with their figures, shuffled by the random keys; then some repeated — half as redeliveries of the same
    // event (same id: the inbox absorbs them), half as re-announcements (a new id with the same sequence and figure).
    private static List<Delivery> Build(long[] availables, int[] order, int[] repeats, bool[] redeliver)
    {
        var events = availables.Select((a, i) => new Delivery(i + 1, a, $"e{i + 1}")).ToList();
        var shuffled = events.Select((e, i) => (e, order[i])).OrderBy(p => p.Item2).Select(p => p.e).ToList();
        for (var r = 0; r < repeats.Length; r++)
        {
            var again = events[repeats[r]];
            shuffled.Add(redeliver[r % redeliver.Length] ? again : again with { EventId = $"{again.EventId}-again{r}" });
        }

        return shuffled;
    }
}
