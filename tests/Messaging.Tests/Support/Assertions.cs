using Integration.Testing.Messaging;

namespace Integration.Messaging.Tests.Support;

/// <summary>The two promises checked again and again: once per event, in order per aggregate.</summary>
internal static class Assertions
{
    /// <summary>Every expected event id has exactly one effect, and there are no others.</summary>
    public static void ExactlyOnce(IEnumerable<string> expectedIds, IReadOnlyCollection<Effect> effects)
    {
        var duplicates = effects.GroupBy(e => e.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"events with more than one effect: {string.Join(", ", duplicates)}");
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), effects.Select(e => e.EventId!).Order(StringComparer.Ordinal));
    }

    /// <summary>Read in the consumer's commit order, each aggregate's versions run 1, 2, 3, … without gaps or reversals.</summary>
    public static void InOrderPerAggregate(IEnumerable<Effect> effectsInCommitOrder)
    {
        foreach (var aggregate in effectsInCommitOrder.Select(e => Products.ParseEffectKey(e.Key)).GroupBy(k => k.Aggregate))
        {
            var versions = aggregate.Select(k => k.Version).ToList();
            Assert.True(
                versions.SequenceEqual(Enumerable.Range(1, versions.Count).Select(v => (long)v)),
                $"{aggregate.Key} was handled in the order {string.Join(", ", versions)}");
        }
    }
}
