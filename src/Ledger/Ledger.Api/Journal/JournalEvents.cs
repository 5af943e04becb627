using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data.Journal;

namespace Integration.Ledger.Journal;

/// <summary>The events the journal publishes.</summary>
internal static class JournalEvents
{
    public static string AggregateKey(string entryId) => $"journal/{entryId}";

    public static JournalPosted Posted(JournalEntry entry)
    {
        var evt = new JournalPosted
        {
            EntryId = entry.Id,
            SourceKey = entry.SourceKey,
            PostingDate = entry.PostingDate.ToString(JournalEntryInput.DateFormat, CultureInfo.InvariantCulture),
            Period = entry.Period,
            OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(entry.PostedAt, DateTimeKind.Utc)),
        };
        // Debits equal credits per currency (checked before posting), so the debit side is the total.
        evt.Totals.AddRange(entry.Lines
            .Where(l => l.Side == JournalLine.DebitSide)
            .GroupBy(l => l.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => MinorUnits.FromMinor(g.Sum(l => l.AmountMinor), g.Key).ToMoney(g.Key)));
        return evt;
    }
}
