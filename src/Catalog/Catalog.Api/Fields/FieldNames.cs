namespace Integration.Catalog.Fields;

/// <summary>The governed fields, named as in the update mask and the ownership registry.</summary>
public static class FieldNames
{
    public const string ProductEntity = "product";
    public const string VariantEntity = "variant";

    /// <summary>A variant's identity: creating a variant (or a product with it) is a write of this field.</summary>
    public const string Sku = "sku";

    public static readonly IReadOnlyList<string> ProductFields =
        ["title", "description", "active", "seo_title", "seo_description", "handle", "visibility", "media", "external_ids"];

    public static readonly IReadOnlyList<string> VariantFields =
        [Sku, "barcode", "title", "unit_cost", "list_prices", "tax_class", "gl_category", "weight_grams", "active", "external_ids"];

    public static string VariantPath(string sku, string field) => $"variants[{sku}].{field}";
}
