namespace Integration.Ledger.Data.Journal;

/// <summary>One debit or credit of a journal entry.</summary>
public sealed class JournalLine
{
    public required string EntryId { get; set; }

    /// <summary>Position in the entry, from 1, as the caller sent the lines.</summary>
    public int LineNo { get; set; }

    public required string AccountNumber { get; set; }

    /// <summary><see cref="DebitSide"/> or <see cref="CreditSide"/>.</summary>
    public required string Side { get; set; }

    /// <summary>ISO 4217 code.</summary>
    public required string Currency { get; set; }

    /// <summary>
    /// Positive amount in minor units of <see cref="Currency"/> (cents for EUR, yen for JPY, fils
    /// for KWD). Integers sum exactly in SQL on every provider; SQLite cannot sum decimals.
    /// </summary>
    public long AmountMinor { get; set; }

    public string Memo { get; set; } = string.Empty;

    public const string DebitSide = "D";

    public const string CreditSide = "C";
}
