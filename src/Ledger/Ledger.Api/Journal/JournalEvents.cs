using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data.Journal;

namespace Integration.Ledger.Journal;

/// <summary>The events the journal publishes.</summary>
internal static class JournalEvents
{
    /// <summary>A transaction's event is ordered under its first entry: transactions publish independently of each other.</summary>
    public static string AggregateKey(string firstEntryId) => $"journal/{firstEntryId}";

    /// <summary>The one event of a posting transaction: its entries in order, each with its order id (or empty).</summary>
    public static JournalEntriesPosted Posted(IEnumerable<(JournalEntry Entry, string OrderId)> entries, DateTime postedAt)
    {
        var evt = new JournalEntriesPosted { OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(postedAt, DateTimeKind.Utc)) };
        foreach (var (entry, orderId) in entries)
        {
            evt.Entries.Add(Entry(entry, orderId));
        }

        return evt;
    }

    private static PostedJournalEntry Entry(JournalEntry entry, string orderId)
    {
        var posted = new PostedJournalEntry
        {
            EntryId = entry.Id,
            SourceKey = entry.SourceKey,
            PostingDate = entry.PostingDate.ToString(JournalEntryInput.DateFormat, CultureInfo.InvariantCulture),
            Period = entry.Period,
            OrderId = orderId,
        };
        // Debits equal credits per currency (checked before posting), so the debit side is the total. Entries almost
        // always carry one currency: a list, not a sorted dictionary per entry.
        var totals = new List<(string Currency, long Minor)>(1);
        foreach (var line in entry.Lines)
        {
            if (line.Side != JournalLine.DebitSide)
            {
                continue;
            }

            var i = totals.FindIndex(t => t.Currency == line.Currency);
            if (i < 0)
            {
                totals.Add((line.Currency, line.AmountMinor));
            }
            else
            {
                totals[i] = (line.Currency, totals[i].Minor + line.AmountMinor);
            }
        }

        totals.Sort(static (a, b) => string.CompareOrdinal(a.Currency, b.Currency));
        foreach (var (currency, minor) in totals)
        {
            posted.Totals.Add(MinorUnits.FromMinor(minor, currency).ToMoney(currency));
        }

        return posted;
    }
}
