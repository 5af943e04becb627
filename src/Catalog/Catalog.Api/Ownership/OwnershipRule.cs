namespace Integration.Catalog.Ownership;

/// <summary>What happens to a write from a system that does not own the field.</summary>
public enum ConflictPolicy
{
    /// <summary>The whole write is refused (FailedPrecondition naming the field and its owner).</summary>
    Reject,

    /// <summary>The field is left as it is and the attempt is kept as a conflict for a person to resolve.</summary>
    Record,
}

/// <summary>A validated rule of the registry.</summary>
public sealed record OwnershipRule(string Entity, string Field, string Owner, ConflictPolicy Policy);
