using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Data.Ownership;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Conflicts;

/// <summary>Stored conflict to wire conflict.</summary>
internal static class ConflictMapping
{
    public static Contract.Conflict ToContract(this OwnershipConflict conflict)
    {
        var result = new Contract.Conflict
        {
            ConflictId = conflict.Id,
            ProductId = conflict.ProductId,
            Field = conflict.Field,
            Owner = conflict.Owner,
            Writer = conflict.Writer,
            StoredValue = conflict.StoredValue,
            AttemptedValue = conflict.AttemptedValue,
            SourceVersion = conflict.SourceVersion,
            DetectedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(conflict.DetectedAt, DateTimeKind.Utc)),
            State = conflict.State switch
            {
                OwnershipConflict.Accepted => Contract.ConflictState.Accepted,
                OwnershipConflict.Dismissed => Contract.ConflictState.Dismissed,
                _ => Contract.ConflictState.Open,
            },
            ResolvedBy = conflict.ResolvedBy ?? string.Empty,
            ResolutionReason = conflict.ResolutionReason ?? string.Empty,
        };
        if (conflict.ResolvedAt is { } at)
        {
            result.ResolvedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        }

        return result;
    }

    public static string? ToState(Contract.ConflictState state) => state switch
    {
        Contract.ConflictState.Open => OwnershipConflict.Open,
        Contract.ConflictState.Accepted => OwnershipConflict.Accepted,
        Contract.ConflictState.Dismissed => OwnershipConflict.Dismissed,
        _ => null,
    };
}
