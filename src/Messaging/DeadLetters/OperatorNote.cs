using Integration.ServiceDefaults.Validation;

namespace Integration.Messaging.DeadLetters;

/// <summary>Who acts on a dead letter and why: both required, both kept in the audit trail.</summary>
internal sealed record OperatorNote(string Actor, string Reason)
{
    // The column sizes of dead_letter_actions.
    private const int MaxActor = 200;
    private const int MaxReason = 1000;

    public static OperatorNote From(string? actor, string? reason) =>
        new(Require.Text(actor, "actor", MaxActor), Require.Text(reason, "reason", MaxReason));
}
