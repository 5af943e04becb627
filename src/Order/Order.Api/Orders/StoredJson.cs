using System.Globalization;
using System.Text.Json;

namespace Integration.Order.Orders;

/// <summary>
/// Small JSON columns (discounts, allocations, exception evidence). Amounts are invariant decimal strings, never JSON numbers,
/// so no reader ever turns them into a double.
/// </summary>
internal static class StoredJson
{
    public sealed record Discount(string Code, string Kind, string Amount);

    public sealed record Allocation(string Amount, int Index);

    public static string Text(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    /// <summary>An amount as people read it in <paramref name="currency"/>: "209.00", not "209".</summary>
    public static string Text(decimal amount, string currency) =>
        amount.ToString("F" + (Integration.Contracts.Money.Currencies.MinorUnit(currency) ?? 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value);

    // "[]" is what almost every row holds: no parser for it.
    public static List<T> ReadList<T>(string json) => json == "[]" ? [] : JsonSerializer.Deserialize<List<T>>(json) ?? [];

    public static Dictionary<string, string> ReadMap(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
