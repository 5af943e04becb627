using Integration.Contracts.Money;

namespace Integration.Ledger.Journal;

/// <summary>
/// Exact conversion between decimal amounts and the integer minor units the journal stores
/// (amount × 10^minor digits of the currency), so totals are summed exactly in SQL.
/// </summary>
internal static class MinorUnits
{
    /// <summary>The largest amount one line may carry, in major units: keeps every SQL sum far from the 64-bit limit.</summary>
    public const decimal MaxLineAmount = 999_999_999_999m;

    /// <summary>The amount in minor units. The amount must fit the currency's precision (checked at the edge).</summary>
    public static long ToMinor(decimal amount, string currency)
    {
        var minor = amount * Factor(currency);
        return minor == decimal.Truncate(minor)
            ? decimal.ToInt64(minor)
            : throw new ArgumentException($"{amount} {currency} has more decimal places than {currency} allows", nameof(amount));
    }

    /// <summary>The decimal amount of <paramref name="minor"/> units, with the currency's scale (e.g. 30 EUR cents is 0.30).</summary>
    public static decimal FromMinor(long minor, string currency) => minor * Unit(currency);

    private static int Digits(string currency) =>
        Currencies.MinorUnit(currency) ?? throw new ArgumentException($"'{currency}' is not an ISO 4217 currency", nameof(currency));

    private static decimal Factor(string currency) => Pow10(Digits(currency));

    // One minor unit as a decimal carrying the currency's scale: 0.01 for EUR, 1 for JPY, 0.001 for KWD.
    private static decimal Unit(string currency) => new(1, 0, 0, false, (byte)Digits(currency));

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
