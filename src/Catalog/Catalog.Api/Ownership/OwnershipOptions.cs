namespace Integration.Catalog.Ownership;

/// <summary>
/// The field ownership registry as configured (section <c>Catalog:Ownership</c>): per entity, per field,
/// the owning system and the policy for writes from anyone else.
/// </summary>
public sealed class OwnershipOptions
{
    public const string Section = "Catalog:Ownership";

    public Dictionary<string, OwnershipRuleOptions> Product { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, OwnershipRuleOptions> Variant { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One field's owner and policy.</summary>
public sealed class OwnershipRuleOptions
{
    public string Owner { get; set; } = string.Empty;

    /// <summary><c>reject</c> or <c>record</c>.</summary>
    public string Policy { get; set; } = string.Empty;
}
