using Integration.Contracts.Money;
using Integration.Ledger.Journal;

namespace Integration.Ledger.Postings;

/// <summary>Money arithmetic of the posting rules: exact minor units, one rounding rule (half away from zero).</summary>
internal static class Minor
{
    public static long Of(Integration.Contracts.Common.V1.Money? money, string currency) =>
        money is null || (money.Units == 0 && money.Nanos == 0) ? 0 : Of(money.ToDecimal(), currency);

    /// <summary>An amount rounded to the currency's minor unit, in minor units.</summary>
    public static long Of(decimal amount, string currency)
    {
        var digits = Currencies.MinorUnit(currency) ?? throw new MappingMissingException($"'{currency}' is not an ISO 4217 currency");
        return MinorUnits.ToMinor(Math.Round(amount, digits, MidpointRounding.AwayFromZero), currency);
    }

    /// <summary>round(value × numerator / denominator): the cumulative share of a total, so the parts always add up to it.</summary>
    public static long Share(long value, long numerator, long denominator) =>
        denominator == 0 ? 0 : (long)Math.Round((decimal)value * numerator / denominator, MidpointRounding.AwayFromZero);

    /// <summary>Splits <paramref name="amount"/> over <paramref name="weights"/> proportionally; the parts sum to the amount exactly.</summary>
    public static List<long> Split(long amount, IReadOnlyList<long> weights)
    {
        var total = weights.Sum();
        var parts = new List<long>(weights.Count);
        long running = 0, given = 0;
        foreach (var weight in weights)
        {
            running += weight;
            var upTo = total == 0 ? (running == 0 ? 0 : amount) : Share(amount, running, total);
            parts.Add(upTo - given);
            given = upTo;
        }

        if (weights.Count > 0 && total == 0)
        {
            parts[0] = amount;
            for (var i = 1; i < parts.Count; i++)
            {
                parts[i] = 0;
            }
        }

        return parts;
    }
}
