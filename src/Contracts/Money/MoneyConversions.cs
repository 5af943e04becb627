using Integration.Contracts.Common.V1;

namespace Integration.Contracts.Money;

/// <summary>Exact conversion between <see cref="decimal"/> and the wire <see cref="Common.V1.Money"/>.</summary>
public static class MoneyConversions
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    /// <summary>The amount as a decimal. Throws <see cref="FormatException"/> when nanos are out of range or disagree in sign with units.</summary>
    public static decimal ToDecimal(this Common.V1.Money money)
    {
        ArgumentNullException.ThrowIfNull(money);
        if (money.Nanos is <= -1_000_000_000 or >= 1_000_000_000)
        {
            throw new FormatException($"nanos {money.Nanos} is outside -999999999..999999999");
        }

        if ((money.Units > 0 && money.Nanos < 0) || (money.Units < 0 && money.Nanos > 0))
        {
            throw new FormatException($"units {money.Units} and nanos {money.Nanos} have different signs");
        }

        return money.Units + (money.Nanos / NanosPerUnit);
    }

    /// <summary>The wire form of <paramref name="amount"/>. Throws <see cref="OverflowException"/> for more than 9 fractional digits.</summary>
    public static Common.V1.Money ToMoney(this decimal amount, string currencyCode)
    {
        var units = decimal.Truncate(amount);
        var nanos = (amount - units) * NanosPerUnit;
        if (nanos != decimal.Truncate(nanos))
        {
            throw new OverflowException($"{amount} has more than nine fractional digits");
        }

        return new Common.V1.Money { CurrencyCode = currencyCode, Units = (long)units, Nanos = (int)nanos };
    }
}
