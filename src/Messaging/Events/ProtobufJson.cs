using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;

namespace Integration.Messaging.Events;

/// <summary>Values as <see cref="EventJson.Format"/> writes them, for <see cref="ProtobufJsonObject"/> and its callers.</summary>
public static class ProtobufJson
{
    // The range protobuf accepts for a Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    /// <summary>Printable ASCII characters protobuf writes as themselves (asked once, of protobuf itself).</summary>
    private static readonly bool[] PlainAscii = Enumerable.Range(0, 128)
        .Select(c => c is >= 0x20 and < 0x7f && Formatter.Format(new StringValue { Value = ((char)c).ToString() }) == $"\"{(char)c}\"")
        .ToArray();

    /// <summary>A quoted string; anything but plain printable ASCII is left to protobuf's own escaping.</summary>
    public static void Quoted(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c >= 128 || !PlainAscii[c])
            {
                text.Append(Formatter.Format(new StringValue { Value = value }));
                return;
            }
        }

        text.Append('"').Append(value).Append('"');
    }

    public static void Money(StringBuilder text, Money money)
    {
        var fields = new ProtobufJsonObject(text);
        fields.StringField("currency_code", money.CurrencyCode);
        fields.Int64Field("units", money.Units);
        fields.Int32Field("nanos", money.Nanos);
        fields.End();
    }

    /// <summary>RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits; a value protobuf refuses is left to protobuf (it throws, as the formatter would).</summary>
    public static void Timestamp(StringBuilder text, Timestamp time)
    {
        if (time.Nanos is < 0 or > 999_999_999 || time.Seconds is < MinSeconds or > MaxSeconds)
        {
            text.Append(Formatter.Format(time));
            return;
        }

        var at = DateTime.UnixEpoch.AddSeconds(time.Seconds);
        text.Append('"').Append(at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
        var nanos = time.Nanos;
        if (nanos != 0)
        {
            text.Append('.').Append(
                nanos % 1_000_000 == 0 ? (nanos / 1_000_000).ToString("d3", CultureInfo.InvariantCulture)
                : nanos % 1_000 == 0 ? (nanos / 1_000).ToString("d6", CultureInfo.InvariantCulture)
                : nanos.ToString("d9", CultureInfo.InvariantCulture));
        }

        text.Append("Z\"");
    }
}
