using System.Text.Json;
using Google.Protobuf;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Journal;
using Integration.Ledger.Periods;
using Integration.Messaging.Events;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings;

/// <summary>
/// Applies one fact of an order: the rules' state and the journal entry are written in the handler's transaction
/// (with its inbox record), so each fact posts exactly once. A fact that cannot post (order unknown, mapping or
/// cost missing), and every later fact of the same order, is held in order and posts when the cause is fixed.
/// </summary>
internal sealed partial class OrderPostings(
    LedgerDbContext db, AccountMap accounts, PeriodPolicy periods, JournalWriter journal, TimeProvider clock, ILogger<OrderPostings> logger)
{
    /// <summary>Applies <paramref name="fact"/>, or holds it. When <paramref name="retrying"/> is given, a failure updates that held row instead.</summary>
    /// <returns>The order's state after the fact, or null when it was held.</returns>
    public async Task<OrderState?> ApplyAsync(Fact fact, Func<OrderBook, PostingDraft> rule, CancellationToken ct, HeldPosting? retrying = null)
    {
        // An order placed in this same transaction (releasing its held facts) is not in the database yet.
        var order = db.Set<LedgerOrder>().Local.FirstOrDefault(o => o.OrderId == fact.OrderId)
            ?? await db.Set<LedgerOrder>().SingleOrDefaultAsync(o => o.OrderId == fact.OrderId, ct);
        if (order is null)
        {
            return Hold(fact, "the order has not been placed in the Ledger yet", retrying);
        }

        if (retrying is null && await db.Set<HeldPosting>().AnyAsync(h => h.OrderId == fact.OrderId && h.ReleasedAt == null, ct))
        {
            return Hold(fact, "an earlier fact of this order is held; facts of one order post in order", retrying);
        }

        var state = JsonSerializer.Deserialize(order.StateJson, PostingJson.State) ?? new OrderState();
        var skus = state.Lines.Select(l => l.Sku).Distinct().ToList();
        var costs = await db.Set<SkuCost>().AsNoTracking().Where(c => skus.Contains(c.Sku)).ToDictionaryAsync(c => c.Sku, StringComparer.Ordinal, ct);
        PostingDraft draft;
        try
        {
            draft = rule(new OrderBook(state, accounts, sku => costs.GetValueOrDefault(sku)));
            draft.EnsureBalanced();
        }
        catch (MappingMissingException ex)
        {
            return Hold(fact, ex.Message, retrying);
        }

        if (!draft.IsEmpty)
        {
            await StageEntryAsync(fact, draft, ct);
        }

        order.StateJson = JsonSerializer.Serialize(state, PostingJson.State);
        order.FactsJson = RecordedFact.Append(order.FactsJson, RecordedFact.Of(fact));
        order.Version++;
        order.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (retrying is not null)
        {
            retrying.ReleasedAt = order.UpdatedAt;
        }

        return state;
    }

    /// <summary>Stages a balanced entry for a fact (the caller's SaveChanges commits it with everything else).</summary>
    public async Task StageEntryAsync(Fact fact, PostingDraft draft, CancellationToken ct)
    {
        var period = await periods.ResolveAsync(fact.Date, ct);
        var description = period.RolledForward ? $"{fact.Description} (fact of {fact.Date:yyyy-MM-dd}; its period was closed)" : fact.Description;
        var entry = journal.Stage($"event:{fact.EventId}", period, description, fact.EventId,
            draft.Lines.Select(l => new StagedLine(l.Account, l.Side, l.Currency, l.Minor, l.Memo.Length > 500 ? l.Memo[..500] : l.Memo)), fact.OrderId);
        if (fact.OrderId.Length > 0)
        {
            db.Set<PostingRecord>().Add(new PostingRecord { EntryId = entry.Id, OrderId = fact.OrderId, EventId = fact.EventId, Kind = fact.Type });
        }
    }

    public OrderState? Hold(Fact fact, string reason, HeldPosting? retrying = null)
    {
        if (retrying is not null)
        {
            retrying.Reason = reason;
            retrying.Attempts++;
            return null;
        }

        db.Set<HeldPosting>().Add(new HeldPosting
        {
            EventId = fact.EventId, EventType = fact.Type, OrderId = fact.OrderId, Data = JsonFormatter.Default.Format(fact.Event),
            Reason = reason, HeldAt = clock.GetUtcNow().UtcDateTime,
        });
        PostingTelemetry.Held.Add(1);
        LogHeld(logger, fact.EventId, fact.Type, fact.OrderId, reason);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting of {EventId} ({Type}) for order {OrderId} held: {Reason}")]
    private static partial void LogHeld(ILogger logger, string eventId, string type, string orderId, string reason);
}

/// <summary>A fact to post: the event and what the journal needs to know of it.</summary>
internal sealed record Fact(string EventId, string Type, string OrderId, IMessage Event, DateOnly Date, string Description)
{
    public static Fact Of(IMessage evt, string eventId, string orderId, Google.Protobuf.WellKnownTypes.Timestamp? at, string description) =>
        new(eventId, EventTypes.Of(evt), orderId, evt, DateOnly.FromDateTime(at?.ToDateTime() ?? DateTime.UtcNow), description);
}

/// <summary>A fact as kept on the order for reconciliation.</summary>
internal sealed record RecordedFact(string Type, string EventId, string Data)
{
    public static RecordedFact Of(Fact fact) => new(fact.Type, fact.EventId, FactJson.OrderFactFormat.Format(fact.Event));

    /// <summary>This fact as an item of an order's JSON fact list.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, PostingJson.Fact);

    /// <summary>
    /// <paramref name="factsJson"/> (a JSON array of facts) with <paramref name="fact"/> added at the end: the same text as
    /// reading the list, adding and writing it again, without re-reading and re-writing every earlier fact each time.
    /// </summary>
    public static string Append(string factsJson, RecordedFact fact)
    {
        var item = fact.ToJson();
        var body = factsJson.AsSpan().Trim();
        if (body.Length < 2 || body[0] != '[' || body[^1] != ']')
        {
            throw new InvalidOperationException("an order's facts are not a JSON array");
        }

        return body[1..^1].Trim().IsEmpty ? $"[{item}]" : string.Concat(body[..^1], ",", item, "]");
    }
}
