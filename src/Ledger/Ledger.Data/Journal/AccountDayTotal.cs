namespace Integration.Ledger.Data.Journal;

/// <summary>
/// What one day's posted lines put on one account in one currency: the sums of its debit and credit lines, in minor
/// units. Written in the transaction that writes the lines (<see cref="AccountDayTotals"/>), so range reports (trial
/// balance, roll-forward openings) read a row per day and account instead of every line. A day is the finest grain a
/// report asks for (from and as-of are dates).
/// </summary>
public sealed class AccountDayTotal
{
    /// <summary>The entries' posting date (the booked date, as reports filter on).</summary>
    public DateOnly PostingDate { get; set; }

    public required string AccountNumber { get; set; }

    public required string Currency { get; set; }

    /// <summary>Sum of the day's debit lines on the account, minor units.</summary>
    public long DebitMinor { get; set; }

    /// <summary>Sum of the day's credit lines on the account, minor units.</summary>
    public long CreditMinor { get; set; }
}
