namespace Integration.Catalog.Data.Ownership;

/// <summary>A write by a system that does not own the field, kept instead of applied.</summary>
public sealed class OwnershipConflict
{
    public const string Open = "open";
    public const string Dismissed = "dismissed";
    public const string Accepted = "accepted";

    public long Id { get; set; }

    public required string ProductId { get; set; }

    /// <summary>Field path, e.g. "variants[TEE-M].unit_cost".</summary>
    public required string Field { get; set; }

    public required string Owner { get; set; }

    public required string Writer { get; set; }

    public string StoredValue { get; set; } = string.Empty;

    public string AttemptedValue { get; set; } = string.Empty;

    public long SourceVersion { get; set; }

    public DateTime DetectedAt { get; set; }

    public string State { get; set; } = Open;

    public string? ResolvedBy { get; set; }

    public string? ResolutionReason { get; set; }

    public DateTime? ResolvedAt { get; set; }
}
