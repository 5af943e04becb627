using System.Globalization;
using CsCheck;
using Integration.Catalog.Fields;
using Integration.Contracts.Money;

namespace Integration.Catalog.Tests;

/// <summary>
/// A price's canonical text is what change detection, the audit trail and conflicts compare, so it must never change
/// for a stored value: the text written in place equals the interpolated form it replaced, for any amount (sign, scale,
/// 28 digits) and currency (known ones of 0-3 decimals, unknown ones at 2, none).
/// </summary>
public sealed class CanonicalMoneyTests
{
    private static readonly Gen<string> Currency = Gen.Int[0, 8].Select(i => ((string[])["EUR", "USD", "JPY", "BHD", "CLF", "XXX", "EURO", "", "ABCDEFGHIJK"])[i]);

    [Fact]
    public void Money_text_is_the_interpolated_form()
    {
        Gen.Select(Gen.Decimal, Currency).Sample((amount, currency) =>
        {
            var expected = currency.Length == 0
                ? string.Empty
                : $"{amount.ToString("F" + (Currencies.MinorUnit(currency) ?? 2), CultureInfo.InvariantCulture)} {currency}";
            Assert.Equal(expected, Canonical.Money(amount, currency));
        }, iter: 20_000);
    }

    [Fact]
    public void Prices_are_ordered_by_currency_and_joined()
    {
        Gen.Select(Gen.Decimal, Currency).List[0, 4].Sample(prices =>
        {
            var list = prices.Where(p => p.Item2.Length > 0).DistinctBy(p => p.Item2).Select(p => (p.Item2, p.Item1)).ToList();
            var expected = string.Join("; ", list.OrderBy(p => p.Item1, StringComparer.Ordinal).Select(p => Canonical.Money(p.Item2, p.Item1)));
            Assert.Equal(expected, Canonical.Prices(list));
        });
    }
}
