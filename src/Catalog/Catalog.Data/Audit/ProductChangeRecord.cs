namespace Integration.Catalog.Data.Audit;

/// <summary>One accepted change of a product: who, when, which fields from what to what.</summary>
public sealed class ProductChangeRecord
{
    public required string ProductId { get; set; }

    public long Version { get; set; }

    public required string ChangedBy { get; set; }

    public long SourceVersion { get; set; }

    public DateTime ChangedAt { get; set; }

    /// <summary>JSON array of {field, old, new}.</summary>
    public required string FieldsJson { get; set; }
}
