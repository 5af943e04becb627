using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Products;

/// <summary>A validated, normalised product from an upsert request.</summary>
internal sealed record ProductInput(
    string ProductId, string Title, string Description, bool Active, IReadOnlyList<VariantInput> Variants)
{
    private const int MaxVariants = 250;

    public static ProductInput From(Contract.Product? product)
    {
        if (product is null)
        {
            throw new ValidationException("product", "is required");
        }

        var id = Require.Identifier(product.ProductId, "product.product_id");
        var title = Require.Text(product.Title, "product.title", 500);
        var description = Require.Text(product.Description, "product.description", 65536, optional: true);
        if (product.Variants.Count == 0)
        {
            throw new ValidationException("product.variants", "at least one variant is required");
        }

        if (product.Variants.Count > MaxVariants)
        {
            throw new ValidationException("product.variants", $"has {product.Variants.Count} variants; at most {MaxVariants} are allowed");
        }

        var variants = product.Variants.Select((v, i) => VariantInput.From(v, $"product.variants[{i}]")).ToList();
        var duplicate = variants.GroupBy(v => v.Sku).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ValidationException("product.variants", $"SKU {duplicate.Key} appears more than once");
        }

        return new ProductInput(id, title, description, product.Active, variants);
    }
}

/// <summary>A validated, normalised variant.</summary>
internal sealed record VariantInput(
    string Sku, string Barcode, string Title, decimal UnitCost, string CostCurrency,
    IReadOnlyList<(string Currency, decimal Amount)> ListPrices, string TaxClass, string GlCategory, long WeightGrams, bool Active)
{
    public static VariantInput From(Contract.Variant variant, string path)
    {
        var sku = Require.Sku(variant.Sku, path + ".sku");
        var barcode = variant.Barcode.Trim();
        if (barcode.Length > 0 && (barcode.Length is < 8 or > 14 || !barcode.All(char.IsAsciiDigit)))
        {
            throw new ValidationException(path + ".barcode", $"'{barcode}' must be 8-14 digits (GTIN/EAN/UPC)");
        }

        var cost = Require.Money(variant.UnitCost, path + ".unit_cost");
        var prices = new List<(string, decimal)>();
        for (var i = 0; i < variant.ListPrices.Count; i++)
        {
            var price = variant.ListPrices[i];
            var amount = Require.Money(price, $"{path}.list_prices[{i}]");
            if (prices.Any(p => p.Item1 == price.CurrencyCode))
            {
                throw new ValidationException($"{path}.list_prices[{i}]", $"a second price in {price.CurrencyCode}");
            }

            prices.Add((price.CurrencyCode, amount));
        }

        if (variant.WeightGrams < 0)
        {
            throw new ValidationException(path + ".weight_grams", $"{variant.WeightGrams} must not be negative");
        }

        return new VariantInput(
            sku, barcode, Require.Text(variant.Title, path + ".title", 500, optional: true), cost, variant.UnitCost.CurrencyCode, prices,
            Require.Text(variant.TaxClass, path + ".tax_class", 64, optional: true),
            Require.Text(variant.GlCategory, path + ".gl_category", 64, optional: true),
            variant.WeightGrams, variant.Active);
    }
}
