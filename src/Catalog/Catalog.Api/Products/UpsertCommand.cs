using System.Collections.Frozen;
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

    /// <summary>Per variant field, its name in a request by variant index ("product.variants[3].unit_cost"), built once when first needed, not for every row.</summary>
    private static readonly FrozenDictionary<string, string?[]> VariantPaths =
        VariantFields.All.Keys.Append(FieldNames.Sku).ToFrozenDictionary(f => f, _ => new string?[MaxVariants], StringComparer.Ordinal);

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

        var productValues = new List<FieldValue>(productFields.Count);
        foreach (var name in productFields)
        {
            var field = ProductFields.All[name];
            productValues.Add(new FieldValue(name, field.FromRequest(product, field.RequestPath)));
        }

        var variants = new List<VariantValues>(product.Variants.Count);
        for (var i = 0; i < product.Variants.Count; i++)
        {
            var variant = product.Variants[i];
            var sku = Require.Sku(variant.Sku, VariantPath(i, FieldNames.Sku));
            if (variants.Any(v => v.Sku == sku))
            {
                throw new ValidationException("product.variants", $"SKU {sku} appears more than once");
            }

            var values = new List<FieldValue>(variantFields.Count);
            foreach (var name in variantFields)
            {
                values.Add(new FieldValue(name, VariantFields.All[name].FromRequest(variant, VariantPath(i, name))));
            }

            variants.Add(new VariantValues(sku, values));
        }

        return new UpsertCommand(source, request.SourceVersion, id, productValues, variants);
    }

    /// <summary>Below <see cref="MaxVariants"/>, which From checks first.</summary>
    private static string VariantPath(int index, string field)
    {
        var paths = VariantPaths[field];
        return paths[index] ??= $"product.variants[{index}].{field}";
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
