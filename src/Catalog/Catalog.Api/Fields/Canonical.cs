using System.Globalization;
using System.Text.Json;
using Integration.Contracts.Money;

namespace Integration.Catalog.Fields;

/// <summary>
/// Every governed field has one canonical text form: compared to detect a real change, shown in the audit trail
/// and in conflicts, and parsed back when an operator accepts a recorded value.
/// </summary>
internal static class Canonical
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>An empty list, as the serializer writes it: most products have no media and no channel ids, and skip it.</summary>
    private const string EmptyList = "[]";

    public static string Bool(bool value) => value ? "true" : "false";

    public static bool ParseBool(string value) => value == "true";

    /// <summary>"F0" to "F4": a currency's decimals as a format, without building the text for each amount.</summary>
    private static readonly string[] Decimals = ["F0", "F1", "F2", "F3", "F4"];

    /// <summary>"4.20 EUR": the amount at the currency's own number of decimals, so 4.2 and 4.20 are one value.</summary>
    public static string Money(decimal amount, string currency)
    {
        if (currency.Length == 0)
        {
            return string.Empty;
        }

        var digits = Currencies.MinorUnit(currency) ?? 2;
        var format = digits < Decimals.Length ? Decimals[digits] : "F" + digits.ToString(CultureInfo.InvariantCulture);
        // Written in place (every price and cost of every imported variant is compared in this form).
        Span<char> text = stackalloc char[80];
        if (currency.Length > 8 || !amount.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            return $"{amount.ToString(format, CultureInfo.InvariantCulture)} {currency}";
        }

        text[written++] = ' ';
        currency.CopyTo(text[written..]);
        return new string(text[..(written + currency.Length)]);
    }

    public static (decimal Amount, string Currency) ParseMoney(string value)
    {
        if (value.Length == 0)
        {
            return (0m, string.Empty);
        }

        var parts = value.Split(' ');
        return (decimal.Parse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture), parts[1]);
    }

    /// <summary>"19.99 EUR; 21.50 USD", ordered by currency.</summary>
    public static string Prices(IReadOnlyList<(string Currency, decimal Amount)> prices) => prices.Count switch
    {
        // Most variants have one price, or none yet.
        0 => string.Empty,
        1 => Money(prices[0].Amount, prices[0].Currency),
        _ => string.Join("; ", prices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => Money(p.Amount, p.Currency))),
    };

    public static List<(string Currency, decimal Amount)> ParsePrices(string value) =>
        value.Length == 0 ? [] : value.Split("; ").Select(ParseMoney).Select(m => (m.Currency, m.Amount)).ToList();

    public static string Media(IEnumerable<MediaItem> media)
    {
        var list = media.ToList();
        return list.Count == 0 ? EmptyList : JsonSerializer.Serialize(list, Json);
    }

    public static List<MediaItem> ParseMedia(string value) => value == EmptyList ? [] : JsonSerializer.Deserialize<List<MediaItem>>(value, Json) ?? [];

    /// <summary>JSON array ordered by channel, kind and value, so the same set always reads the same.</summary>
    public static string ExternalIds(IEnumerable<ExternalRef> ids)
    {
        var list = ids.OrderBy(i => i.Channel, StringComparer.Ordinal).ThenBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).ToList();
        return list.Count == 0 ? EmptyList : JsonSerializer.Serialize(list, Json);
    }

    public static List<ExternalRef> ParseExternalIds(string value) =>
        value.Length == 0 || value == EmptyList ? [] : JsonSerializer.Deserialize<List<ExternalRef>>(value, Json) ?? [];
}

/// <summary>One media reference in its canonical form.</summary>
internal sealed record MediaItem(string Url, string Alt);

/// <summary>One channel id in its canonical form.</summary>
internal sealed record ExternalRef(string Channel, string Kind, string Value);
