using Integration.Catalog.Fields;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Products;

/// <summary>A validated upsert: who writes, at which source version, and the canonical value of each field it sets.</summary>
internal sealed record UpsertCommand(
    string Source, long SourceVersion, string ProductId, IReadOnlyList<FieldValue> ProductValues, IReadOnlyList<VariantValues> Variants)
{
    private const int MaxVariants = 250;

    public static UpsertCommand From(Contract.UpsertProductRequest request)
    {
        var source = Require.Identifier(request.SourceSystem, "source_system");
        if (request.SourceVersion <= 0)
        {
            throw new ValidationException("source_version",
                "is required: the source's own version of this data (a row version, or its updated-at in Unix milliseconds), positive");
        }

        var product = request.Product ?? throw new ValidationException("product", "is required");
        var id = Require.Identifier(product.ProductId, "product.product_id");
        var (productFields, variantFields) = Mask(request.UpdateMask);
        if (product.Variants.Count > MaxVariants)
        {
            throw new ValidationException("product.variants", $"has {product.Variants.Count} variants; at most {MaxVariants} are allowed");
        }

        var productValues = productFields.Select(f => new FieldValue(f, ProductFields.All[f].FromRequest(product, "product." + f))).ToList();
        var variants = new List<VariantValues>(product.Variants.Count);
        for (var i = 0; i < product.Variants.Count; i++)
        {
            var variant = product.Variants[i];
            var path = $"product.variants[{i}]";
            var sku = Require.Sku(variant.Sku, path + ".sku");
            if (variants.Any(v => v.Sku == sku))
            {
                throw new ValidationException("product.variants", $"SKU {sku} appears more than once");
            }

            variants.Add(new VariantValues(sku, variantFields.Select(f => new FieldValue(f, VariantFields.All[f].FromRequest(variant, $"{path}.{f}"))).ToList()));
        }

        return new UpsertCommand(source, request.SourceVersion, id, productValues, variants);
    }

    private static (List<string> Product, List<string> Variant) Mask(Google.Protobuf.WellKnownTypes.FieldMask? mask)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return ([.. ProductFields.All.Keys], [.. VariantFields.All.Keys]);
        }

        List<string> product = [], variant = [];
        foreach (var path in mask.Paths.Select(p => p.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (ProductFields.All.ContainsKey(path))
            {
                product.Add(path);
            }
            else if (path.StartsWith("variants.", StringComparison.Ordinal) && VariantFields.All.ContainsKey(path["variants.".Length..]))
            {
                variant.Add(path["variants.".Length..]);
            }
            else if (path != "variants")
            {
                throw new ValidationException("update_mask", $"'{path}' is not a field; use {string.Join(", ", ProductFields.All.Keys)} or variants.<{string.Join("|", VariantFields.All.Keys)}>");
            }
        }

        return (product, variant);
    }
}

/// <summary>One field's canonical value in a request.</summary>
internal sealed record FieldValue(string Field, string Value);

/// <summary>A variant of a request: its SKU and the values it sets.</summary>
internal sealed record VariantValues(string Sku, IReadOnlyList<FieldValue> Values);
