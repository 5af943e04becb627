namespace Integration.Ledger.Data.Periods;

/// <summary>
/// A monthly accounting period that has been closed at least once. A period without a row is
/// open: periods need no set-up, only closing is an act.
/// </summary>
public sealed class AccountingPeriod
{
    /// <summary>"YYYY-MM".</summary>
    public required string Period { get; set; }

    public bool Closed { get; set; }

    /// <summary>Who closed or reopened it last.</summary>
    public string ChangedBy { get; set; } = string.Empty;

    /// <summary>Why it was closed or reopened last.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>When it was closed or reopened last, UTC.</summary>
    public DateTime ChangedAt { get; set; }

    /// <summary>Bumped on every change so two admins acting at once cannot both win.</summary>
    public int Version { get; set; }
}
