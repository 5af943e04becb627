namespace Integration.Ledger.Periods;

/// <summary>What a post does when its date falls in a closed period.</summary>
public enum PeriodRule
{
    /// <summary>Book into the next open period and keep the original date (facts from events).</summary>
    RollForward,

    /// <summary>Refuse with FailedPrecondition (a date a person chose).</summary>
    RefuseClosed,
}
