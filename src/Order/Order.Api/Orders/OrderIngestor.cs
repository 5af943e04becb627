using Integration.Contracts.Events.V1;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Data.Facts;
using Integration.Order.Data.Orders;
using Integration.Order.Events;
using Integration.Order.Exceptions;
using Integration.Order.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>What an ingest did.</summary>
internal sealed record IngestResult(Contract.Order Order, bool Created, bool Stale);

/// <summary>
/// An order to ingest in a batch, with its entity, OrderPlaced and that event's outbox row already built (off the
/// writer's thread: formatting the event's JSON was a tenth of the single writer's time).
/// </summary>
internal sealed record BatchItem(OrderInput Input, string? DeliveryId, StoredOrder Prepared, OrderPlaced Placed, OutboxMessage PlacedRow)
{
    public static BatchItem Prepare(OrderInput input, string? deliveryId, DateTime now, DateTime enqueuedAt)
    {
        var order = OrderFactory.Create(input, now);
        var placed = OrderEvents.Placed(order);
        // The JSON written by OrderPlacedJson (the same text, without reflection); GroupCommitOutboxTests compares the row
        // column for column with one the outbox stores itself.
        var row = OutboxMessage.For(placed, OrderEvents.AggregateKey(order.Id), enqueuedAt, OrderPlacedJson.Format);
        return new BatchItem(input, deliveryId, order, placed, row);
    }
}

/// <summary>
/// Stores a channel order exactly once per (channel, external order id) and per channel delivery. A repeat gets the stored
/// order back; a repeat with a newer channel_updated_at moves that timestamp (lines stay as first received), an older one
/// is ignored and counted. A new order is checked (SKUs present, totals add up) and held by an exception when not.
/// </summary>
internal sealed partial class OrderIngestor(
    OrderDbContext db, OrderEventSink events, ExceptionDesk desk, FactRecorder facts, TimeProvider clock, OrderMetrics metrics, ILogger<OrderIngestor> logger)
{
    private const int MaxAttempts = 8;

    public async Task<IngestResult> IngestAsync(OrderInput input, string? deliveryId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (deliveryId is not null && await db.Deliveries.AnyAsync(d => d.Channel == input.Channel && d.DeliveryId == deliveryId, ct))
            {
                metrics.Duplicate();
                var known = await db.ForUpdateAsync(input.Channel, input.ExternalOrderId, ct);
                if (known is not null)
                {
                    return new IngestResult(await facts.ReadAsync(known, ct), false, false);
                }

                // The delivery id was recorded for something else (a fact of this channel): the order itself is new.
                deliveryId = null;
            }

            var existing = await db.ForUpdateAsync(input.Channel, input.ExternalOrderId, ct);
            try
            {
                if (existing is not null)
                {
                    return await UpdateAsync(existing, input, deliveryId, ct);
                }

                var order = Create(input, Instants.Truncate(clock.GetUtcNow().UtcDateTime));
                AddDelivery(input.Channel, deliveryId, order.Id);
                await db.SaveChangesAsync(ct);
                metrics.Ingested();
                LogIngested(logger, order.Id, order.Channel, order.ExternalOrderId);
                // Facts that came first (payment before order): applied now. Also closes the race with a fact recorded meanwhile.
                await facts.SettleAsync(order.Channel, order.ExternalOrderId, ct);
                return new IngestResult(await ReadAsync(order.Id, ct), true, false);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // A concurrent ingest of the same order won the unique (channel, external id) index, or the order changed
                // under an update: look again; the next round finds the winner.
                LogRetry(logger, input.Channel, input.ExternalOrderId, attempt, ex);
            }
        }
    }

    /// <summary>
    /// Group commit: new orders of one batch in one transaction, with their channel delivery ids (layer 2) and OrderPlaced
    /// outbox rows. Anything unusual (a repeat of an order or of a delivery id, a conflict) goes through
    /// <see cref="IngestAsync"/> one by one.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestBatchAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var results = new IngestResult?[batch.Count];
        var orderKeys = new HashSet<(string, string)>();
        var deliveryKeys = new HashSet<(string, string)>();
        var fresh = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            // The second of two calls for one order or one delivery in a batch waits for the one-by-one path, which finds the first.
            if (orderKeys.Add((item.Input.Channel, item.Input.ExternalOrderId)) && (item.DeliveryId is null || deliveryKeys.Add((item.Input.Channel, item.DeliveryId))))
            {
                fresh.Add(i);
            }
        }

        var bulk = fresh.Count > 0 && db.Database.IsSqlite();
        if (bulk)
        {
            // Open for the whole batch: EF registers its SQL functions on every open, and that expires each statement
            // SQLite has prepared on the connection.
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            if (fresh.Count > 0)
            {
                await StoreFreshAsync(batch, fresh, deliveryKeys, bulk, results, ct);
            }
        }
        finally
        {
            if (bulk)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            results[i] ??= await IngestAsync(batch[i].Input, batch[i].DeliveryId, ct);
        }

        return results!;
    }

    /// <summary>The group commit proper: sets the result of each order it stored, leaves the others to the one-by-one path.</summary>
    private async Task StoreFreshAsync(IReadOnlyList<BatchItem> batch, List<int> fresh, HashSet<(string, string)> deliveryKeys, bool bulk, IngestResult?[] results, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var channels = fresh.Select(i => batch[i].Input.Channel).Distinct().ToList();
        var existing = bulk
            ? SqliteOrderLookups.Stored(Connection, fresh.Select(i => (batch[i].Input.Channel, batch[i].Input.ExternalOrderId)))
            : await StoredKeysAsync(channels, fresh.Select(i => batch[i].Input.ExternalOrderId).ToList(), ct);
        fresh.RemoveAll(i => existing.Contains((batch[i].Input.Channel, batch[i].Input.ExternalOrderId)));
        if (deliveryKeys.Count > 0)
        {
            // A delivery id seen before (a redelivery, or the id of a fact's delivery) is the one-by-one path's to judge.
            var deliveryIds = deliveryKeys.Select(k => k.Item2).ToList();
            var seen = (await db.Deliveries.AsNoTracking().Where(d => channels.Contains(d.Channel) && deliveryIds.Contains(d.DeliveryId))
                .Select(d => new { d.Channel, d.DeliveryId }).ToListAsync(ct)).Select(d => (d.Channel, d.DeliveryId)).ToHashSet();
            fresh.RemoveAll(i => batch[i].DeliveryId is { } delivery && seen.Contains((batch[i].Input.Channel, delivery)));
        }

        // Only added entities: nothing to detect, and detecting over thousands of them is the writer's time.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var outboxRows = new List<OutboxMessage>(fresh.Count);
        var deliveries = new List<OrderDelivery>();
        var created = fresh.Select(i => (Index: i, Order: bulk ? AddBulk(batch[i], outboxRows, deliveries) : AddWithDelivery(batch[i]))).ToList();
        try
        {
            if (bulk)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                SqliteOrderWriter.Insert(Connection, created.Select(c => c.Order));
                // After the orders, in batch order: the outbox id orders each aggregate's events.
                await BatchInsert.InsertAsync(db, outboxRows, ct);
                await BatchInsert.InsertAsync(db, deliveries, ct);
                // Exceptions and held events of orders that failed their checks, in the same transaction.
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(ct);
                }

                // The messaging commit interceptor wakes the outbox dispatcher on this commit.
                await transaction.CommitAsync(ct);
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }

            db.ChangeTracker.AutoDetectChangesEnabled = true;
            metrics.Ingested(created.Count);
            var waiting = bulk ? SqliteOrderLookups.Waiting(Connection) : await OrphanFactKeysAsync(ct);
            foreach (var (index, order) in created)
            {
                if (waiting.Contains((order.Channel, order.ExternalOrderId)))
                {
                    await facts.SettleAsync(order.Channel, order.ExternalOrderId, ct);
                    results[index] = new IngestResult(await ReadAsync(order.Id, ct), true, false);
                }
                else
                {
                    // Nothing else touched it: the order as built is the order as stored.
                    results[index] = new IngestResult(order.ToContract([]), true, false);
                }
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            LogBatchFallback(logger, created.Count, ex);
        }
    }

    private Microsoft.Data.Sqlite.SqliteConnection Connection => (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();

    private async Task<HashSet<(string, string)>> StoredKeysAsync(List<string> channels, List<string> ids, CancellationToken ct) =>
        (await db.Orders.AsNoTracking().Where(o => channels.Contains(o.Channel) && ids.Contains(o.ExternalOrderId))
            .Select(o => new { o.Channel, o.ExternalOrderId }).ToListAsync(ct)).Select(o => (o.Channel, o.ExternalOrderId)).ToHashSet();

    private async Task<HashSet<(string, string)>> OrphanFactKeysAsync(CancellationToken ct) =>
        (await db.Facts.AsNoTracking().Where(f => f.OrderId == null && f.State == FactState.Pending)
            .Select(f => new { f.Channel, f.ExternalOrderId }).Distinct().ToListAsync(ct))
        .Select(f => (f.Channel, f.ExternalOrderId)).ToHashSet();

    private async Task<IngestResult> UpdateAsync(StoredOrder order, OrderInput input, string? deliveryId, CancellationToken ct)
    {
        var stale = false;
        if (input.ChannelUpdatedAt is { } incoming && order.ChannelUpdatedAt is { } stored && incoming != stored)
        {
            var externalId = incoming.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            var seen = await db.Facts.AnyAsync(f => f.OrderId == order.Id && f.Kind == FactKind.Updated && f.ExternalId == externalId, ct);
            if (!seen)
            {
                stale = incoming < stored;
                var fact = new OrderFact
                {
                    OrderId = order.Id,
                    Channel = order.Channel,
                    ExternalOrderId = order.ExternalOrderId,
                    Kind = FactKind.Updated,
                    ExternalId = externalId,
                    Payload = "{}",
                    OccurredAt = incoming,
                    RecordedAt = Instants.Truncate(clock.GetUtcNow().UtcDateTime),
                };
                if (stale)
                {
                    fact.State = FactState.Stale;
                    fact.Reason = $"older than the stored update of {stored:O}";
                    order.StaleUpdatesIgnored++;
                    metrics.Stale();
                    LogStale(logger, order.Id, incoming, stored);
                }
                else
                {
                    fact.State = FactState.Applied;
                    fact.Reason = "channel_updated_at moved; lines and amounts are kept as first received";
                    order.ChannelUpdatedAt = incoming;
                }

                db.Facts.Add(fact);
                order.Version++;
            }
        }
        else
        {
            metrics.Duplicate();
        }

        AddDelivery(order.Channel, deliveryId, order.Id);
        await db.SaveChangesAsync(ct);
        return new IngestResult(await ReadAsync(order.Id, ct), false, stale);
    }

    private async Task<Contract.Order> ReadAsync(string orderId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var order = await db.Orders.WithDetails().SingleAsync(o => o.Id == orderId, ct);
        return await facts.ReadAsync(order, ct);
    }

    private void AddDelivery(string channel, string? deliveryId, string orderId)
    {
        if (deliveryId is not null)
        {
            db.Deliveries.Add(new OrderDelivery { Channel = channel, DeliveryId = deliveryId, OrderId = orderId, RecordedAt = Instants.Truncate(clock.GetUtcNow().UtcDateTime) });
        }
    }

    /// <summary>Builds the order, checks it (exceptions first, so a held order's OrderPlaced is held too) and adds it with its event.</summary>
    private StoredOrder Create(OrderInput input, DateTime now)
    {
        var order = OrderFactory.Create(input, now);
        return Add(order, OrderEvents.Placed(order));
    }

    /// <summary>The group commit's <see cref="Add"/> on providers other than SQLite: EF stores the order, its event and its delivery.</summary>
    private StoredOrder AddWithDelivery(BatchItem item)
    {
        var order = Add(item.Prepared, item.Placed);
        AddDelivery(order.Channel, item.DeliveryId, order.Id);
        return order;
    }

    private StoredOrder Add(StoredOrder order, OrderPlaced placed)
    {
        db.Orders.Add(order);
        Check(order);
        events.Emit(order, placed);
        return order;
    }

    /// <summary>
    /// The SQLite group commit's <see cref="Add"/>: the order is not tracked (its rows are written by
    /// <see cref="SqliteOrderWriter"/>), nor are its OrderPlaced outbox row, prepared by the caller, and its delivery id
    /// (both inserted by <see cref="BatchInsert"/>); the checks and a held order's events go through EF as always.
    /// </summary>
    private StoredOrder AddBulk(BatchItem item, List<OutboxMessage> outboxRows, List<OrderDelivery> deliveries)
    {
        var order = item.Prepared;
        if (item.DeliveryId is { } deliveryId)
        {
            deliveries.Add(new OrderDelivery { Channel = order.Channel, DeliveryId = deliveryId, OrderId = order.Id, RecordedAt = order.CreatedAt });
        }

        Check(order);
        if (order.Held)
        {
            events.Emit(order, item.Placed);
        }
        else
        {
            outboxRows.Add(item.PlacedRow);
        }

        return order;
    }

    private void Check(StoredOrder order)
    {
        var missing = order.Lines.Where(l => l.Sku.Length == 0).OrderBy(l => l.Position).ToList();
        if (missing.Count > 0)
        {
            desk.Open(order, ExceptionType.UnknownSku,
                $"{missing.Count} line(s) have no SKU ({string.Join(", ", missing.Select(l => $"'{l.ExternalLineId}' {l.Title}"))}); the order is held until each gets a SKU (resolve with sku_corrections) or the exception is ignored",
                missing.ToDictionary(l => "line:" + l.ExternalLineId, l => l.Title, StringComparer.Ordinal));
        }

        if (order.Total is not { } reported)
        {
            return;
        }

        var lines = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        var shipping = order.ShippingLines.Sum(s => s.Price);
        var discounts = order.Lines.Sum(l => l.TotalDiscount) + order.ShippingLines.Sum(s => s.Discount);
        var tax = order.Lines.SelectMany(l => l.TaxLines).Sum(t => t.Amount) + order.ShippingLines.SelectMany(s => s.TaxLines).Sum(t => t.Amount);
        // Included tax is already in the prices.
        var expected = lines + shipping - discounts + (order.TaxesIncluded ? 0m : tax);
        if (expected != reported)
        {
            desk.Open(order, ExceptionType.TotalsMismatch,
                $"lines {lines} + shipping {shipping} + tax {(order.TaxesIncluded ? "0 (included)" : tax)} - discounts {discounts} = {expected} {order.Currency}, but the channel reports a total of {reported} {order.Currency}",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["lines"] = StoredJson.Text(lines, order.Currency),
                    ["shipping"] = StoredJson.Text(shipping, order.Currency),
                    ["tax"] = StoredJson.Text(tax, order.Currency),
                    ["taxes_included"] = order.TaxesIncluded ? "true" : "false",
                    ["discounts"] = StoredJson.Text(discounts, order.Currency),
                    ["expected_total"] = StoredJson.Text(expected, order.Currency),
                    ["reported_total"] = StoredJson.Text(reported, order.Currency),
                });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} is {Channel} order {ExternalOrderId}")]
    private static partial void LogIngested(ILogger logger, string orderId, string channel, string externalOrderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stale update of order {OrderId} ignored: {Incoming:O} is older than {Stored:O}")]
    private static partial void LogStale(ILogger logger, string orderId, DateTime incoming, DateTime stored);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ingest of {Channel} order {ExternalOrderId} retried (attempt {Attempt}) after a concurrent change")]
    private static partial void LogRetry(ILogger logger, string channel, string externalOrderId, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group commit of {Count} orders failed; ingesting them one by one")]
    private static partial void LogBatchFallback(ILogger logger, int count, Exception error);
}
