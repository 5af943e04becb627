using Integration.Messaging.Outbox;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Periods;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Journal;

/// <summary>
/// Posts validated entries, once per source key. Inserts only: a posted entry is never changed.
/// </summary>
internal sealed partial class JournalWriter(
    LedgerDbContext db, IOutbox outbox, PeriodPolicy periods, TimeProvider clock, ILogger<JournalWriter> logger)
{
    // Entries staged since the last save, with their order ids, for that save's one journal-entries-posted event.
    private readonly List<(JournalEntry Entry, string OrderId)> _staged = [];

    /// <summary>
    /// Posts <paramref name="input"/> once. Its date is the original date; <paramref name="rule"/>
    /// decides what happens when that date's period is closed (a repeat of a posted source key is
    /// answered first, so a retry after the close still gets the first entry).
    /// </summary>
    public async Task<(JournalEntry Entry, bool Duplicate)> PostAsync(
        JournalEntryInput input, CancellationToken ct, PeriodRule rule = PeriodRule.RollForward)
    {
        var hash = EntryHash.Of(input);
        var existing = await FindAsync(input.SourceKey, ct);
        if (existing is not null)
        {
            return (SameOrConflict(existing, hash), true);
        }

        var booked = rule == PeriodRule.RollForward
            ? await periods.ResolveAsync(input.PostingDate, ct)
            : await periods.RequireOpenAsync(input.PostingDate, ct);

        // Committed with the entry or not at all; a lost race below clears it with the entry.
        var entry = Stage(input.SourceKey, booked, input.Description, hash,
            input.Lines.Select(l => new StagedLine(l.AccountNumber, l.Side, l.Currency, l.AmountMinor, l.Memo)));
        try
        {
            await db.SaveChangesAsync(ct);
            return (entry, false);
        }
        catch (DbUpdateException)
        {
            // A concurrent post of the same source key won the unique index. The providers report
            // that violation differently, so look for the winner instead of parsing the error;
            // with no winner the failure was something else and goes up unchanged.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(input.SourceKey, ct);
            if (winner is null)
            {
                throw;
            }

            LogLostRace(logger, input.SourceKey, winner.Id);
            return (SameOrConflict(winner, hash), true);
        }
    }

    /// <summary>
    /// Adds a balanced entry booked in <paramref name="booked"/> to the context without saving: the caller's SaveChanges
    /// commits it together with its own changes (an event handler's state and inbox record), and with the one
    /// journal-entries-posted event of every entry that save inserts (<paramref name="orderId"/> goes into it).
    /// </summary>
    public JournalEntry Stage(string sourceKey, PostingPeriod booked, string description, string requestHash, IEnumerable<StagedLine> lines, string orderId = "")
    {
        var entry = Build(sourceKey, booked, description, requestHash, lines);
        db.JournalEntries.Add(entry);
        if (_staged.Count == 0)
        {
            db.SavingChanges += EnqueuePosted;
        }

        _staged.Add((entry, orderId));
        return entry;
    }

    /// <summary>
    /// As <see cref="Stage"/>, but the entry and the transaction's journal-entries-posted event (<see cref="PostedEvent"/>)
    /// are left for the caller to insert in its transaction: a bulk writes its entries as batches, untracked.
    /// </summary>
    public JournalEntry Build(string sourceKey, PostingPeriod booked, string description, string requestHash, IEnumerable<StagedLine> lines)
    {
        var entry = new JournalEntry
        {
            // Time-ordered (version 7): entries, their lines and posting records are keyed by it, so new rows append to
            // those indexes instead of landing at random pages (−17 % of the Ledger's CPU per event over 100,000 events).
            Id = Guid.CreateVersion7().ToString("N"),
            SourceKey = sourceKey,
            PostingDate = booked.PostingDate,
            OriginalDate = booked.OriginalDate,
            Period = booked.Period,
            Description = description,
            PostedAt = PostedNow(),
            RequestHash = requestHash,
        };
        entry.Lines.AddRange(lines.Select((l, i) => new JournalLine
        {
            EntryId = entry.Id,
            LineNo = i + 1,
            AccountNumber = l.AccountNumber,
            Side = l.Side,
            Currency = l.Currency,
            AmountMinor = l.AmountMinor,
            Memo = l.Memo,
        }));
        return entry;
    }

    /// <summary>
    /// The outbox row of the journal-entries-posted event of a transaction's <paramref name="entries"/> (with their order
    /// ids), as <see cref="IOutbox.Enqueue"/> would stage it: a bulk inserts it with its batches.
    /// </summary>
    public OutboxMessage PostedEvent(IReadOnlyList<(JournalEntry Entry, string OrderId)> entries)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return OutboxMessage.For(JournalEvents.Posted(entries, now), JournalEvents.AggregateKey(entries[0].Entry.Id), now);
    }

    // At the save: one event for the entries staged since the last save that it still inserts (a handler retried after
    // ChangeTracker.Clear stages its entries again; the cleared ones are not saved, so not announced).
    private void EnqueuePosted(object? sender, SavingChangesEventArgs args)
    {
        db.SavingChanges -= EnqueuePosted;
        var saved = _staged.Where(s => db.Entry(s.Entry).State == EntityState.Added).ToList();
        _staged.Clear();
        if (saved.Count > 0)
        {
            outbox.Enqueue(JournalEvents.Posted(saved, clock.GetUtcNow().UtcDateTime), JournalEvents.AggregateKey(saved[0].Entry.Id));
        }
    }

    // PostgreSQL keeps microseconds: truncating here makes the first answer equal every later read.
    private DateTime PostedNow()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private Task<JournalEntry?> FindAsync(string sourceKey, CancellationToken ct) =>
        db.JournalEntries.AsNoTracking().Include(e => e.Lines).SingleOrDefaultAsync(e => e.SourceKey == sourceKey, ct);

    private static JournalEntry SameOrConflict(JournalEntry existing, string hash) =>
        existing.RequestHash == hash
            ? existing
            : throw new ConflictException(
                $"source_key '{existing.SourceKey}' was already posted as entry {existing.Id} with different content; posted entries are never changed (post a reversing entry instead)");

    [LoggerMessage(Level = LogLevel.Information, Message = "Concurrent post of source key {SourceKey} lost to entry {EntryId}")]
    private static partial void LogLostRace(ILogger logger, string sourceKey, string entryId);
}

/// <summary>One line of an entry to stage: a positive amount in minor units on its side.</summary>
internal sealed record StagedLine(string AccountNumber, string Side, string Currency, long AmountMinor, string Memo);
