using Integration.Catalog.Fields;
using Integration.Catalog.Ownership;

namespace Integration.Catalog.Products;

/// <summary>What one upsert does to a product, decided field by field before anything is touched.</summary>
internal sealed class ChangePlan
{
    public bool CreatesProduct { get; set; }

    /// <summary>The product's field stamps as the plan read them, for the applier to move (parsed once per row).</summary>
    public FieldStamps? ProductStamps { get; set; }

    /// <summary>Each planned variant's field stamps as read, by SKU (new variants: none yet).</summary>
    public Dictionary<string, FieldStamps> VariantStamps { get; } = new(StringComparer.Ordinal);

    /// <summary>Fields to set, in request order.</summary>
    public List<FieldChangeDraft> Applied { get; } = [];

    /// <summary>Same value with a newer version: only the stamp moves, so older versions stay stale.</summary>
    public List<FieldChangeDraft> StampOnly { get; } = [];

    public List<string> Stale { get; } = [];

    public List<ConflictDraft> Conflicts { get; } = [];

    /// <summary>New variants in request order.</summary>
    public List<string> NewSkus { get; } = [];

    public bool Changes => CreatesProduct || NewSkus.Count > 0 || Applied.Count > 0;

    /// <summary>Every field this change sets, with new SKUs first, as the audit trail and the event list them.</summary>
    public List<FieldChangeDraft> ChangedFields
    {
        get
        {
            var changes = new List<FieldChangeDraft>(NewSkus.Count + Applied.Count);
            foreach (var sku in NewSkus)
            {
                changes.Add(new FieldChangeDraft(FieldNames.VariantPath(sku, FieldNames.Sku), FieldNames.Sku, sku, string.Empty, sku));
            }

            changes.AddRange(Applied);
            return changes;
        }
    }

    public bool Touches => Changes || StampOnly.Count > 0 || Conflicts.Count > 0;
}

/// <summary>A field change: Sku is null for a product field.</summary>
internal sealed record FieldChangeDraft(string Path, string Field, string? Sku, string Old, string New);

/// <summary>A write by a non-owner, with the registry's verdict.</summary>
internal sealed record ConflictDraft(string Path, string Owner, string Writer, string Stored, string Attempted, ConflictPolicy Policy);
