namespace Integration.Ledger.Periods;

/// <summary>
/// Where a fact of <see cref="OriginalDate"/> is booked: <see cref="PostingDate"/> in
/// <see cref="Period"/> ("YYYY-MM"). They differ only when the original period was closed; the
/// posting date is then the first day of the next open period.
/// </summary>
public sealed record PostingPeriod(DateOnly PostingDate, string Period, DateOnly OriginalDate)
{
    /// <summary>True when the fact was moved out of its own, closed period.</summary>
    public bool RolledForward => PostingDate != OriginalDate;
}
