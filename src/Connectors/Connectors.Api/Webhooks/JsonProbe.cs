using System.Buffers;
using System.Text.Json;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// At intake, one forward pass over the body: is it a well-formed JSON object (else 400 at once), and what are a few
/// top-level ids (the resource a delivery is about, for ordering). No document is built on the hot path.
/// </summary>
public static class JsonProbe
{
    /// <summary>False when the body is not one well-formed JSON object; <paramref name="values"/> gets the raw text of each named top-level scalar.</summary>
    public static bool TryProbe(ReadOnlySpan<byte> body, ReadOnlySpan<string> names, Span<string?> values)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    // Nothing but whitespace may follow the object.
                    return !reader.Read();
                }

                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var index = IndexOf(ref reader, names);
                reader.Read();
                if (index >= 0 && reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
                {
                    values[index] = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int IndexOf(ref Utf8JsonReader reader, ReadOnlySpan<string> names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
