using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using WireMoney = Integration.Contracts.Common.V1.Money;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Reading storefront JSON without floating point: ids are their raw token text (64-bit ids survive), money and
/// rates are parsed from the token text into decimal (Shopify sends some amounts and every rate as JSON numbers).
/// </summary>
public static class JsonValues
{
    public static JsonElement Required(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new MappingException($"'{name}' is missing");

    public static IEnumerable<JsonElement> Items(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    public static string Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    /// <summary>The token's own text: "450789469" for a number, the content for a string.</summary>
    public static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>An id that may be a number or a string; empty when absent or null.</summary>
    public static string Id(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? Raw(value)
            : string.Empty;

    public static string RequiredId(JsonElement owner, string name) =>
        Id(owner, name) is { Length: > 0 } id ? id : throw new MappingException($"'{name}' is missing");

    /// <summary>A JSON number or numeric string as an exact decimal.</summary>
    public static decimal Number(JsonElement value) =>
        value.ValueKind is JsonValueKind.Number or JsonValueKind.String
        && decimal.TryParse(Raw(value), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new MappingException($"'{value.GetRawText()}' is not an amount");

    /// <summary>An exact amount in the currency's minor unit; finer is refused rather than rounded.</summary>
    public static WireMoney Money(JsonElement value, string currency)
    {
        var amount = Number(value);
        var digits = Currencies.MinorUnit(currency) ?? throw new MappingException($"unknown currency '{currency}'");
        // "0.9" is 0.90; "1.005" is not an amount of a two-decimal currency.
        return decimal.Round(amount, digits) == amount
            ? decimal.Round(amount, digits).ToMoney(currency)
            : throw new MappingException($"{amount} has more than {digits} decimals for {currency}");
    }

    public static WireMoney? Amount(JsonElement owner, string name, string currency) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? Money(value, currency)
            : null;

    public static Timestamp Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Timestamp.FromDateTimeOffset(at)
            : throw new MappingException($"'{value.GetRawText()}' is not a time");

    public static Timestamp? OptionalTime(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Time(value) : null;

    /// <summary>Unix milliseconds of a time field: the storefront's own version of the data.</summary>
    public static long UnixMilliseconds(JsonElement owner, string name) =>
        Time(Required(owner, name)).ToDateTimeOffset().ToUnixTimeMilliseconds();
}
