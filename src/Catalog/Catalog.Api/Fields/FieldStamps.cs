using System.Text.Json;

namespace Integration.Catalog.Fields;

/// <summary>
/// Per field, which system set the stored value and at which of its source versions. Stored as JSON on the
/// row (<c>{"field":{"By":"erp","V":3},…}</c>, fields in ordinal order); a write whose version is not newer than the
/// stamp of the same system is stale.
/// </summary>
internal sealed class FieldStamps
{
    private const string Empty = "{}";

    private readonly Dictionary<string, Stamp> _stamps;

    private FieldStamps(Dictionary<string, Stamp> stamps) => _stamps = stamps;

    /// <summary>Reads what <see cref="ToJson"/> wrote (every product and variant is read on each import row, so by hand).</summary>
    public static FieldStamps Parse(string json)
    {
        var stamps = new Dictionary<string, Stamp>(StringComparer.Ordinal);
        if (json == Empty)
        {
            return new FieldStamps(stamps);
        }

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            Expect(ref reader, JsonTokenType.StartObject);
            string? by = null;
            long version = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case nameof(Stamp.By): by = reader.GetString(); break;
                    case nameof(Stamp.V): version = reader.GetInt64(); break;
                    default: reader.Skip(); break;
                }
            }

            stamps[field] = new Stamp(by ?? throw new JsonException($"stamp of {field} has no By"), version);
        }

        return new FieldStamps(stamps);
    }

    public Stamp? Get(string field) => _stamps.GetValueOrDefault(field);

    public void Set(string field, string by, long version) => _stamps[field] = new Stamp(by, version);

    /// <summary>The same text as <c>JsonSerializer.Serialize(new SortedDictionary(stamps, Ordinal))</c>.</summary>
    public string ToJson()
    {
        if (_stamps.Count == 0)
        {
            return Empty;
        }

        var fields = _stamps.Keys.ToArray();
        Array.Sort(fields, StringComparer.Ordinal);
        return JsonText.Write((fields, _stamps), static (json, state) =>
        {
            json.WriteStartObject();
            foreach (var field in state.fields)
            {
                var stamp = state._stamps[field];
                json.WriteStartObject(field);
                json.WriteString(nameof(Stamp.By), stamp.By);
                json.WriteNumber(nameof(Stamp.V), stamp.V);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"field stamps: expected {token}, found {reader.TokenType}");
        }
    }

    /// <summary>System and source version.</summary>
    internal sealed record Stamp(string By, long V);
}
