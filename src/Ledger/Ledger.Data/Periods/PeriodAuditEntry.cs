namespace Integration.Ledger.Data.Periods;

/// <summary>One close or reopen of a period, kept forever (inserts only).</summary>
public sealed class PeriodAuditEntry
{
    public long Id { get; set; }

    /// <summary>"YYYY-MM".</summary>
    public required string Period { get; set; }

    /// <summary><see cref="CloseAction"/> or <see cref="ReopenAction"/>.</summary>
    public required string Action { get; set; }

    public required string Actor { get; set; }

    public required string Reason { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    public const string CloseAction = "close";

    public const string ReopenAction = "reopen";
}
