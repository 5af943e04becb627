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
        // Debits equal credits per currency (checked before posting), so the debit side is the total. A plain loop: this
        // runs for every posted entry.
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in entry.Lines)
        {
            if (line.Side == JournalLine.DebitSide)
            {
                totals[line.Currency] = totals.GetValueOrDefault(line.Currency) + line.AmountMinor;
            }
        }

        foreach (var (currency, minor) in totals)
        {
            evt.Totals.Add(MinorUnits.FromMinor(minor, currency).ToMoney(currency));
        }

        return evt;
    }
}
