using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;

namespace Integration.Messaging.Tests.Support;

/// <summary>
/// The real ProductChanged event as test traffic. Its version numbers each aggregate's events, so
/// the order a consumer handled them in can be read back from its effects.
/// </summary>
internal static class Products
{
    public static readonly string Type = EventTypes.Of<ProductChanged>();

    public static ProductChanged Changed(string productId, long version) =>
        new() { ProductId = productId, Version = version, SourceSystem = "erp", Active = true };

    public static string AggregateKey(string productId) => $"product/{productId}";

    /// <summary>What a handler writes for one event: its aggregate and version.</summary>
    public static string EffectKey(string aggregateKey, long version) => $"{aggregateKey}#{version}";

    public static (string Aggregate, long Version) ParseEffectKey(string key)
    {
        var hash = key.LastIndexOf('#');
        return (key[..hash], long.Parse(key[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Events <paramref name="count"/> long over the given products, each product's versions counting from 1.</summary>
    public static List<ProductChanged> Interleaved(IReadOnlyList<string> productIds, int count)
    {
        var versions = productIds.ToDictionary(p => p, _ => 0L, StringComparer.Ordinal);
        var events = new List<ProductChanged>(count);
        for (var i = 0; i < count; i++)
        {
            // A fixed, uneven walk over the products so neighbours are often of different aggregates.
            var product = productIds[((i * 7) + (i / 3)) % productIds.Count];
            events.Add(Changed(product, ++versions[product]));
        }

        return events;
    }
}
