using System.Text.Json;

namespace Integration.Catalog.Fields;

/// <summary>
/// Per field, which system set the stored value and at which of its source versions. Stored as JSON on the
/// row; a write whose version is not newer than the stamp of the same system is stale.
/// </summary>
internal sealed class FieldStamps
{
    private readonly Dictionary<string, Stamp> _stamps;

    private FieldStamps(Dictionary<string, Stamp> stamps) => _stamps = stamps;

    public static FieldStamps Parse(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, Stamp>>(json) ?? new Dictionary<string, Stamp>(StringComparer.Ordinal));

    public Stamp? Get(string field) => _stamps.GetValueOrDefault(field);

    public void Set(string field, string by, long version) => _stamps[field] = new Stamp(by, version);

    public string ToJson() => JsonSerializer.Serialize(new SortedDictionary<string, Stamp>(_stamps, StringComparer.Ordinal));

    /// <summary>System and source version.</summary>
    internal sealed record Stamp(string By, long V);
}
