using System.Buffers.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;

namespace Integration.Ledger.Postings.FactJson;

/// <summary>Objects, arrays and scalar values in the common form; anything else throws <see cref="NotCommonException"/>.</summary>
public static partial class OrderFactJson
{
    // Numbers up to 2^53 are exact as doubles: JsonParser reads a JSON number through a double, so a larger one may differ.
    private const long ExactDouble = 1L << 53;

    /// <summary>The text is valid but not in the form read here: JsonParser decides.</summary>
    private sealed class NotCommonException : Exception;

    private static byte[][] Names(params string[] names) => names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();

    private static void Object(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new NotCommonException();
        }
    }

    /// <summary>
    /// Moves to the next property's value: false at the end of the object. <paramref name="names"/> holds each field's
    /// proto name and JSON name in pairs; an unknown, repeated or null field is not common.
    /// </summary>
    private static bool Next(ref Utf8JsonReader reader, byte[][] names, ref int seen, out int field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            field = -1;
            return false;
        }

        field = -1;
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                field = i / 2;
                break;
            }
        }

        if (field < 0 || (seen & (1 << field)) != 0)
        {
            throw new NotCommonException();
        }

        seen |= 1 << field;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new NotCommonException();
        }

        return true;
    }

    private static void Array(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new NotCommonException();
        }
    }

    /// <summary>Moves to the next item of an array: false at its end.</summary>
    private static bool Item(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return false;
        }

        return reader.TokenType == JsonTokenType.Null ? throw new NotCommonException() : true;
    }

    private static string String(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new NotCommonException();

    private static bool Bool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new NotCommonException(),
    };

    /// <summary>An int64: a decimal string (as the formatter writes it) or an integer number within double precision.</summary>
    private static long Int64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var number) && number is >= -ExactDouble and <= ExactDouble ? number : throw new NotCommonException();
        }

        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && Decimal(reader.ValueSpan, out var value) ? value : throw new NotCommonException();
    }

    private static int Int32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var number) ? number : throw new NotCommonException();
        }

        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && Decimal(reader.ValueSpan, out var value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new NotCommonException();
    }

    /// <summary>-?(0|[1-9][0-9]*) within int64: the plain form JsonParser reads the same way (no sign +, no leading zeros, no exponent).</summary>
    private static bool Decimal(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var digits = text.Length > 0 && text[0] == (byte)'-' ? text[1..] : text;
        if (digits.Length == 0 || digits.Length > 19 || (digits[0] == (byte)'0' && digits.Length > 1))
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    private static Money Money(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var money = new Money();
        var seen = 0;
        while (Next(ref reader, MoneyNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: money.CurrencyCode = String(ref reader); break;
                case 1: money.Units = Int64(ref reader); break;
                default: money.Nanos = Int32(ref reader); break;
            }
        }

        return money;
    }

    private static readonly byte[][] MoneyNames = Names("currency_code", "currencyCode", "units", "units", "nanos", "nanos");

    /// <summary>RFC 3339 in UTC ("Z"), 0–9 fraction digits, as JsonParser reads it: yyyy-MM-ddTHH:mm:ss[.f…]Z.</summary>
    private static Timestamp Timestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            throw new NotCommonException();
        }

        var text = reader.ValueSpan;
        if (text.Length < 20 || text[^1] != (byte)'Z' || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            throw new NotCommonException();
        }

        var nanos = 0;
        if (text.Length > 20)
        {
            var fraction = text[20..^1];
            if (text[19] != (byte)'.' || fraction.Length is < 1 or > 9)
            {
                throw new NotCommonException();
            }

            foreach (var c in fraction)
            {
                nanos = (nanos * 10) + Digit(c);
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanos *= 10;
            }
        }

        // Out of range fields (month 13, hour 24, second 60) throw ArgumentOutOfRangeException: JsonParser decides.
        var at = new DateTime(
            Number(text[..4]), Number(text[5..7]), Number(text[8..10]), Number(text[11..13]), Number(text[14..16]), Number(text[17..19]), DateTimeKind.Utc);
        return new Timestamp { Seconds = (at - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond, Nanos = nanos };
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + Digit(c);
        }

        return value;
    }

    private static int Digit(byte c) => c is >= (byte)'0' and <= (byte)'9' ? c - '0' : throw new NotCommonException();
}
