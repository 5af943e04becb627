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

    /// <summary>
    /// Fields in ordinal order, as <see cref="ToJson"/> writes them: an entity has about ten, so a sorted list is
    /// searched as fast as a dictionary is hashed, and writing needs no sort (a dictionary grown field by field and
    /// sorted for every write was a tenth of an import's staging).
    /// </summary>
    private readonly List<(string Field, Stamp Stamp)> _stamps;

    private FieldStamps(List<(string, Stamp)> stamps) => _stamps = stamps;

    /// <summary>Reads what <see cref="ToJson"/> wrote (every product and variant is read on each import row, so by hand).</summary>
    public static FieldStamps Parse(string json)
    {
        var stamps = new FieldStamps(new List<(string, Stamp)>(FieldNames.VariantFields.Count));
        if (json == Empty)
        {
            return stamps;
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

            stamps.Set(field, by ?? throw new JsonException($"stamp of {field} has no By"), version);
        }

        return stamps;
    }

    public Stamp? Get(string field)
    {
        var at = IndexOf(field);
        return at >= 0 ? _stamps[at].Stamp : null;
    }

    public void Set(string field, string by, long version)
    {
        var at = IndexOf(field);
        if (at >= 0)
        {
            _stamps[at] = (field, new Stamp(by, version));
        }
        else
        {
            _stamps.Insert(~at, (field, new Stamp(by, version)));
        }
    }

    /// <summary>The same text as <c>JsonSerializer.Serialize(new SortedDictionary(stamps, Ordinal))</c>.</summary>
    public string ToJson() => _stamps.Count == 0 ? Empty : JsonText.Write(_stamps, static (json, stamps) =>
    {
        json.WriteStartObject();
        foreach (var (field, stamp) in stamps)
        {
            json.WriteStartObject(field);
            json.WriteString(nameof(Stamp.By), stamp.By);
            json.WriteNumber(nameof(Stamp.V), stamp.V);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    });

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"field stamps: expected {token}, found {reader.TokenType}");
        }
    }

    /// <summary>The field's index, or the complement of where it belongs (as <see cref="List{T}.BinarySearch(T)"/>).</summary>
    private int IndexOf(string field)
    {
        int low = 0, high = _stamps.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(_stamps[middle].Field, field);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>System and source version.</summary>
    internal readonly record struct Stamp(string By, long V);
}
