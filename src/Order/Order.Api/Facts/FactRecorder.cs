using Google.Protobuf;
using Integration.Order.Data;
using Integration.Order.Data.Facts;
using Integration.Order.Orders;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Facts;

/// <summary>A fact to record: its kind, the channel's id of it, and the contract message as received.</summary>
internal sealed record NewFact(FactKind Kind, string ExternalId, IMessage Payload, DateTime OccurredAt);

/// <summary>The order a fact is for: by our id (it must exist) or by the channel's reference (it may come later).</summary>
internal sealed record OrderTarget(string? OrderId, string Channel, string ExternalOrderId);

/// <summary>
/// Records facts exactly once (unique per channel order, kind and fact id; and per channel delivery), in one transaction
/// with their effects: applied at once when the order can take them, kept pending otherwise. A fact that arrives before
/// its order is picked up by the order's ingest; a race between the two is closed by re-checking after the commit.
/// </summary>
internal sealed partial class FactRecorder(OrderDbContext db, OrderLifecycle lifecycle, TimeProvider clock, OrderMetrics metrics, ILogger<FactRecorder> logger)
{
    private const int MaxAttempts = 8;

    public sealed record Result(Contract.Order? Order, Contract.FactOutcome Outcome);

    public async Task<OrderTarget> ResolveAsync(Contract.OrderKey? key, CancellationToken ct)
    {
        switch (key?.KeyCase)
        {
            case Contract.OrderKey.KeyOneofCase.OrderId:
                var id = ServiceDefaults.Validation.Require.Text(key.OrderId, "order.order_id", 32);
                var found = await db.Orders.AsNoTracking().Where(o => o.Id == id).Select(o => new { o.Channel, o.ExternalOrderId }).SingleOrDefaultAsync(ct)
                    ?? throw new NotFoundException($"no order with id '{id}'");
                return new OrderTarget(id, found.Channel, found.ExternalOrderId);
            case Contract.OrderKey.KeyOneofCase.ChannelRef:
                return new OrderTarget(null,
                    ServiceDefaults.Validation.Require.Identifier(key.ChannelRef.Channel, "order.channel_ref.channel"),
                    ServiceDefaults.Validation.Require.Text(key.ChannelRef.ExternalOrderId, "order.channel_ref.external_order_id", 64));
            default:
                throw new ValidationException("order", "give order_id or channel_ref");
        }
    }

    /// <summary>The order's currency when it is already here, so amounts can be checked at the door.</summary>
    public Task<string?> CurrencyOfAsync(OrderTarget target, CancellationToken ct) =>
        db.Orders.AsNoTracking().Where(o => o.Channel == target.Channel && o.ExternalOrderId == target.ExternalOrderId).Select(o => o.Currency).SingleOrDefaultAsync(ct);

    /// <summary>Records <paramref name="facts"/> (the last is the one the call is about). Throws FAILED_PRECONDITION after committing when it was rejected.</summary>
    public async Task<Result> RecordAsync(OrderTarget target, IReadOnlyList<NewFact> facts, string? deliveryId, CancellationToken ct)
    {
        var main = facts[^1];
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (deliveryId is not null && await db.Deliveries.AnyAsync(d => d.Channel == target.Channel && d.DeliveryId == deliveryId, ct))
            {
                return await DuplicateAsync(target, main, ct);
            }

            var now = Instants.Truncate(clock.GetUtcNow().UtcDateTime);
            var added = new List<OrderFact>();
            foreach (var fact in facts)
            {
                var exists = await db.Facts.AnyAsync(f => f.Channel == target.Channel && f.ExternalOrderId == target.ExternalOrderId
                    && f.Kind == fact.Kind && f.ExternalId == fact.ExternalId, ct);
                if (!exists)
                {
                    added.Add(new OrderFact
                    {
                        Channel = target.Channel,
                        ExternalOrderId = target.ExternalOrderId,
                        Kind = fact.Kind,
                        ExternalId = fact.ExternalId,
                        State = FactState.Pending,
                        Payload = FactPayload.Format(fact.Payload),
                        OccurredAt = fact.OccurredAt,
                        RecordedAt = now,
                    });
                }
            }

            if (added.Count == 0)
            {
                return await DuplicateAsync(target, main, ct);
            }

            db.Facts.AddRange(added);
            if (deliveryId is not null)
            {
                db.Deliveries.Add(new OrderDelivery { Channel = target.Channel, DeliveryId = deliveryId, RecordedAt = now });
            }

            var order = await db.ForUpdateAsync(target.Channel, target.ExternalOrderId, ct);
            if (order is not null)
            {
                var pending = await db.PendingFactsAsync(order, ct);
                lifecycle.Settle(order, [.. pending, .. added]);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // A concurrent change of the order (version) or the same fact/delivery recorded at the same time: look again.
                LogRetry(logger, target.Channel, target.ExternalOrderId, attempt, ex);
                continue;
            }

            var recorded = added.LastOrDefault(f => f.Kind == main.Kind && f.ExternalId == main.ExternalId) ?? added[^1];
            if (order is null)
            {
                // The order may have been stored between our look-up and our commit; its ingest may have missed this fact.
                var settled = await SettleAsync(target.Channel, target.ExternalOrderId, ct);
                if (settled)
                {
                    recorded = await db.Facts.AsNoTracking().SingleAsync(f => f.Id == recorded.Id, ct);
                }
            }

            var outcome = recorded.State switch
            {
                FactState.Applied => Contract.FactOutcome.Applied,
                FactState.Rejected => throw new PreconditionFailedException($"{main.Kind.ToString().ToLowerInvariant()} '{main.ExternalId}' refused: {recorded.Reason}"),
                _ => Contract.FactOutcome.Pending,
            };
            metrics.Fact(main.Kind.ToString(), outcome.ToString());
            return new Result(await ReadAsync(target, ct), outcome);
        }
    }

    /// <summary>Applies the pending facts of an order (after its ingest, or after a fact raced it). True when the order existed.</summary>
    public async Task<bool> SettleAsync(string channel, string externalOrderId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.ForUpdateAsync(channel, externalOrderId, ct);
            if (order is null)
            {
                return false;
            }

            var pending = await db.PendingFactsAsync(order, ct);
            if (pending.Count == 0)
            {
                return true;
            }

            lifecycle.Settle(order, pending);
            // Facts that still wait now belong to the order.
            foreach (var fact in pending)
            {
                fact.OrderId = order.Id;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                LogRetry(logger, channel, externalOrderId, attempt, null);
            }
        }
    }

    private async Task<Result> DuplicateAsync(OrderTarget target, NewFact main, CancellationToken ct)
    {
        metrics.Duplicate();
        metrics.Fact(main.Kind.ToString(), Contract.FactOutcome.Duplicate.ToString());
        LogDuplicate(logger, main.Kind, main.ExternalId, target.Channel, target.ExternalOrderId);
        return new Result(await ReadAsync(target, ct), Contract.FactOutcome.Duplicate);
    }

    private async Task<Contract.Order?> ReadAsync(OrderTarget target, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var order = await db.Orders.WithDetails().SingleOrDefaultAsync(o => o.Channel == target.Channel && o.ExternalOrderId == target.ExternalOrderId, ct);
        return order is null ? null : order.ToContract(await db.HistoryAsync(order.Id, ct));
    }

    public async Task<Contract.Order> ReadAsync(StoredOrder order, CancellationToken ct) =>
        order.ToContract(await db.HistoryAsync(order.Id, ct));

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate {Kind} '{ExternalId}' for {Channel} order {ExternalOrderId} ignored")]
    private static partial void LogDuplicate(ILogger logger, FactKind kind, string externalId, string channel, string externalOrderId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fact for {Channel} order {ExternalOrderId} retried (attempt {Attempt}) after a concurrent change")]
    private static partial void LogRetry(ILogger logger, string channel, string externalOrderId, int attempt, Exception? error);
}
