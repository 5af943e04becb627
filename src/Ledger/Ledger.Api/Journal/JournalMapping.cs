using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Ledger.Data.Journal;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Journal;

/// <summary>Stored entry to wire entry.</summary>
internal static class JournalMapping
{
    public static Contract.JournalEntry ToContract(this JournalEntry entry)
    {
        var result = new Contract.JournalEntry
        {
            EntryId = entry.Id,
            SourceKey = entry.SourceKey,
            PostingDate = entry.PostingDate.ToString(JournalEntryInput.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            Period = entry.Period,
            Description = entry.Description,
            PostedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(entry.PostedAt, DateTimeKind.Utc)),
        };
        result.Lines.AddRange(entry.Lines.OrderBy(l => l.LineNo).Select(ToContract));
        return result;
    }

    private static Contract.JournalLine ToContract(JournalLine line) => new()
    {
        AccountNumber = line.AccountNumber,
        Side = line.Side == JournalLine.DebitSide ? Contract.Side.Debit : Contract.Side.Credit,
        Amount = MinorUnits.FromMinor(line.AmountMinor, line.Currency).ToMoney(line.Currency),
        Memo = line.Memo,
    };
}
