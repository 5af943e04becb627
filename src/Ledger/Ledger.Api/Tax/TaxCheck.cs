using System.Globalization;
using Google.Protobuf.Collections;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Postings;

namespace Integration.Ledger.Tax;

/// <summary>
/// Recomputes an order's tax from its lines, rates and the taxes_included flag, rounding per line (half away from
/// zero, as Shopify does), and compares per tax title with what the channel charged. A difference beyond the
/// tolerance (one minor unit per line carrying the title) is reported, never corrected: the charged tax is what the
/// customer paid and what is owed.
/// </summary>
internal static class TaxCheck
{
    public static List<TaxDifference> Differences(OrderPlaced order, int tolerancePerLine)
    {
        var currency = order.CurrencyCode;
        var titles = new Dictionary<string, (long Charged, long Expected, int Lines)>(StringComparer.Ordinal);
        foreach (var line in order.Lines)
        {
            var gross = (line.UnitPrice?.ToDecimal() ?? 0m) * line.Quantity - (line.TotalDiscount?.ToDecimal() ?? 0m);
            Add(titles, line.TaxLines, gross, order.TaxesIncluded, currency);
        }

        foreach (var shipping in order.ShippingLines)
        {
            var gross = (shipping.Price?.ToDecimal() ?? 0m) - (shipping.Discount?.ToDecimal() ?? 0m);
            Add(titles, shipping.TaxLines, gross, order.TaxesIncluded, currency);
        }

        return titles
            .Where(t => Math.Abs(t.Value.Charged - t.Value.Expected) > (long)tolerancePerLine * t.Value.Lines)
            .Select(t => new TaxDifference
            {
                Title = t.Key,
                Charged = Journal.MinorUnits.FromMinor(t.Value.Charged, currency).ToMoney(currency),
                Expected = Journal.MinorUnits.FromMinor(t.Value.Expected, currency).ToMoney(currency),
                Lines = t.Value.Lines,
            })
            .ToList();
    }

    private static void Add(
        Dictionary<string, (long Charged, long Expected, int Lines)> titles, RepeatedField<OrderTaxLine> taxes, decimal gross, bool included, string currency)
    {
        var rates = taxes.Select(t => decimal.TryParse(t.Rate, NumberStyles.Number, CultureInfo.InvariantCulture, out var r) ? r : (decimal?)null).ToList();
        var sum = rates.Sum(r => r ?? 0m);
        for (var i = 0; i < taxes.Count; i++)
        {
            if (rates[i] is not { } rate)
            {
                // No rate from the channel: nothing to recompute against.
                continue;
            }

            var expected = included ? gross * rate / (1 + sum) : gross * rate;
            var (charged, expectedSum, lines) = titles.GetValueOrDefault(taxes[i].Title);
            titles[taxes[i].Title] = (charged + Minor.Of(taxes[i].Amount, currency), expectedSum + Minor.Of(expected, currency), lines + 1);
        }
    }
}
