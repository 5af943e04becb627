using Microsoft.Extensions.Options;

namespace Integration.Connectors.Channels;

/// <summary>The configured channels by name; reloads with configuration.</summary>
public sealed class ChannelRegistry(IOptionsMonitor<Dictionary<string, ChannelOptions>> options)
{
    public IReadOnlyDictionary<string, ChannelOptions> All => options.CurrentValue;

    public ChannelOptions? Find(string name) =>
        options.CurrentValue.TryGetValue(name, out var channel) ? channel : null;

    public IEnumerable<(string Name, ChannelOptions Channel)> OfKind(string kind) =>
        options.CurrentValue
            .Where(c => string.Equals(c.Value.Kind, kind, StringComparison.OrdinalIgnoreCase))
            .Select(c => (c.Key, c.Value));
}
