using Integration.Catalog.Data.Products;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Fields;

/// <summary>A governed variant field, as canonical text (see <see cref="Canonical"/>).</summary>
internal sealed record VariantField(
    string Name, Func<Contract.Variant, string, string> FromRequest, Func<Product, Variant, string> Read, Action<Product, Variant, string> Write);

internal static class VariantFields
{
    public static readonly IReadOnlyDictionary<string, VariantField> All = new VariantField[]
    {
        new("barcode", (v, path) => Barcode(v.Barcode, path), (_, v) => v.Barcode, (_, v, s) => v.Barcode = s),
        new("title", (v, path) => Require.Text(v.Title, path, 500, optional: true), (_, v) => v.Title, (_, v, s) => v.Title = s),
        new("unit_cost", (v, path) => Canonical.Money(Require.Money(v.UnitCost, path), v.UnitCost.CurrencyCode),
            (_, v) => Canonical.Money(v.UnitCost, v.CostCurrency),
            (_, v, s) => (v.UnitCost, v.CostCurrency) = Canonical.ParseMoney(s)),
        new("list_prices", ListPrices, (_, v) => Canonical.Prices(v.ListPrices.ConvertAll(p => (p.Currency, p.Amount))), (_, v, s) => SetPrices(v, s)),
        new("tax_class", (v, path) => Require.Text(v.TaxClass, path, 64, optional: true), (_, v) => v.TaxClass, (_, v, s) => v.TaxClass = s),
        new("gl_category", (v, path) => Require.Text(v.GlCategory, path, 64, optional: true), (_, v) => v.GlCategory, (_, v, s) => v.GlCategory = s),
        new("weight_grams", (v, path) => v.WeightGrams >= 0 ? v.WeightGrams.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new ValidationException(path, $"{v.WeightGrams} must not be negative"),
            (_, v) => v.WeightGrams.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, v, s) => v.WeightGrams = long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)),
        new("active", (v, _) => Canonical.Bool(v.Active), (_, v) => Canonical.Bool(v.Active), (_, v, s) => v.Active = Canonical.ParseBool(s)),
        new("external_ids", (v, path) => ExternalIds.FromRequest(v.ExternalIds, path, ["variant", "inventory_item"]),
            (p, v) => ExternalIds.Read(p, v.Sku), (p, v, s) => ExternalIds.Write(p, v.Sku, s)),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static string Barcode(string value, string path)
    {
        var barcode = value.Trim();
        return barcode.Length == 0 || (barcode.Length is >= 8 and <= 14 && barcode.All(char.IsAsciiDigit))
            ? barcode
            : throw new ValidationException(path, $"'{(barcode.Length > 20 ? barcode[..20] + "..." : barcode)}' must be 8-14 digits (GTIN/EAN/UPC)");
    }

    private static string ListPrices(Contract.Variant variant, string path)
    {
        var prices = new List<(string Currency, decimal Amount)>(variant.ListPrices.Count);
        for (var i = 0; i < variant.ListPrices.Count; i++)
        {
            var price = variant.ListPrices[i];
            var amount = Require.Money(price, $"{path}[{i}]");
            if (prices.Any(p => p.Currency == price.CurrencyCode))
            {
                throw new ValidationException($"{path}[{i}]", $"a second price in {price.CurrencyCode}");
            }

            prices.Add((price.CurrencyCode, amount));
        }

        return Canonical.Prices(prices);
    }

    private static void SetPrices(Variant variant, string value)
    {
        var prices = Canonical.ParsePrices(value);
        variant.ListPrices.RemoveAll(p => !prices.Any(n => n.Currency == p.Currency));
        foreach (var (currency, amount) in prices)
        {
            var price = variant.ListPrices.Find(p => p.Currency == currency);
            if (price is null)
            {
                variant.ListPrices.Add(new VariantPrice { Currency = currency, Amount = amount });
            }
            else
            {
                price.Amount = amount;
            }
        }
    }
}
