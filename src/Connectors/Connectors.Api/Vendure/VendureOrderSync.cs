using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Integration.Connectors.Availability;
using Integration.Connectors.Channels;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Exceptions;
using Integration.Connectors.Data.Polling;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Connectors.Vendure;

/// <summary>
/// Brings one Vendure channel's orders into the Order service. New orders come by a durable cursor on
/// (orderPlacedAt, id) — set once at checkout, to the millisecond — re-reading <see cref="VendurePollingOptions.Overlap"/>
/// behind it; later payments, fulfilments, refunds and cancellations come by re-reading open (and recently closed)
/// orders, because Vendure does not move <c>updatedAt</c> when they change. Every call carries ids derived from
/// Vendure's ids and states, so reading an order again duplicates nothing; the cursor moves only after the Order
/// service accepted the order and all its facts.
/// </summary>
internal sealed partial class VendureOrderSync(
    IServiceScopeFactory scopes,
    OrderService.OrderServiceClient orders,
    InventoryService.InventoryServiceClient inventory,
    ChannelSkus skus,
    VendureMetrics metrics,
    TimeProvider clock,
    IOptions<VendurePollingOptions> options,
    ILogger<VendureOrderSync> logger)
{
    public const string OrdersStream = "vendure-orders";

    // What the Order service last accepted per (channel, Vendure order id): an unchanged order is not sent again. Lost on
    // restart on purpose — the first reads after a restart send everything once more and the Order service dedupes.
    private readonly ConcurrentDictionary<(string Channel, string OrderId), string> _accepted = new();

    /// <summary>Reads orders placed since the cursor (minus the overlap) and moves the cursor over each accepted one.</summary>
    public async Task<int> PollNewOrdersAsync(string channelName, ChannelOptions channel, VendureAdminClient client, CancellationToken ct)
    {
        var cursor = await ReadCursorAsync(channelName, ct);
        var filter = new Dictionary<string, object>();
        if (cursor is { } from)
        {
            filter["orderPlacedAt"] = new { after = (from.PlacedAt - options.Value.Overlap).UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        }
        else
        {
            filter["orderPlacedAt"] = new { isNull = false };
        }

        var synced = 0;
        await foreach (var order in ReadAsync(client, filter, new { orderPlacedAt = "ASC" }, ct))
        {
            if (!VendureOrderMapper.IsPlaced(order))
            {
                continue;
            }

            if (await SyncAsync(channelName, channel, order, ct))
            {
                synced++;
            }

            var position = new CursorPosition(order.OrderPlacedAt!.Value, long.Parse(order.Id, CultureInfo.InvariantCulture));
            if (cursor is null || position.CompareTo(cursor.Value) > 0)
            {
                await WriteCursorAsync(channelName, position, ct);
                cursor = position;
            }
        }

        return synced;
    }

    /// <summary>Reads placed orders that are not Delivered or Cancelled again.</summary>
    public Task<int> SweepOpenOrdersAsync(string channelName, ChannelOptions channel, VendureAdminClient client, CancellationToken ct) =>
        SweepAsync(channelName, channel, client,
            new Dictionary<string, object> { ["active"] = new { eq = false }, ["state"] = new { notIn = new[] { "Delivered", "Cancelled" } } }, ct);

    /// <summary>Reads Delivered and Cancelled orders placed within the refund window again.</summary>
    public Task<int> SweepClosedOrdersAsync(string channelName, ChannelOptions channel, VendureAdminClient client, CancellationToken ct) =>
        SweepAsync(channelName, channel, client,
            new Dictionary<string, object>
            {
                ["state"] = new { @in = new[] { "Delivered", "Cancelled" } },
                ["orderPlacedAt"] = new { after = (clock.GetUtcNow() - options.Value.RefundWindow).UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            }, ct);

    private async Task<int> SweepAsync(string channelName, ChannelOptions channel, VendureAdminClient client, Dictionary<string, object> filter, CancellationToken ct)
    {
        var synced = 0;
        await foreach (var order in ReadAsync(client, filter, new { id = "ASC" }, ct))
        {
            if (VendureOrderMapper.IsPlaced(order) && await SyncAsync(channelName, channel, order, ct))
            {
                synced++;
            }
        }

        return synced;
    }

    private async IAsyncEnumerable<VendureOrder> ReadAsync(
        VendureAdminClient client, Dictionary<string, object> filter, object sort, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var take = Math.Clamp(options.Value.PageSize, 1, 100);
        for (var skip = 0; ; skip += take)
        {
            var page = await client.QueryAsync<VendureOrderList>(VendureQueries.Orders, new { options = new { skip, take, filter, sort } }, "orders", ct);
            foreach (var order in page.Items.OrderBy(o => o.OrderPlacedAt).ThenBy(o => long.Parse(o.Id, CultureInfo.InvariantCulture)))
            {
                yield return order;
            }

            if (page.Items.Count < take)
            {
                yield break;
            }
        }
    }

    /// <summary>Sends one order's calls unless the Order service already accepted exactly these; true when it sent them.</summary>
    internal async Task<bool> SyncAsync(string channelName, ChannelOptions channel, VendureOrder order, CancellationToken ct)
    {
        var skuByVariant = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variant in order.Lines.Select(l => l.ProductVariant).DistinctBy(v => v.Id))
        {
            if (await skus.SkuOfAsync(channelName, variant.Id, variant.Sku, ct) is { } sku)
            {
                skuByVariant[variant.Id] = sku;
            }
        }

        var mapped = VendureOrderMapper.Map(channelName, order, skuByVariant);
        var fingerprint = Fingerprint(mapped);
        if (_accepted.TryGetValue((channelName, order.Id), out var seen) && seen == fingerprint)
        {
            return false;
        }

        string orderId;
        try
        {
            var ingested = await orders.IngestOrderAsync(mapped.Ingest, cancellationToken: ct);
            orderId = ingested.Order.OrderId;
            metrics.Call(channelName, "ingest", ingested.Created ? "created" : "duplicate");
        }
        catch (RpcException ex) when (IsRefusal(ex))
        {
            // The order can never be stored as it is: an operator gets it with Vendure's own body, and the cursor moves on.
            metrics.Call(channelName, "ingest", "refused");
            await OpenExceptionAsync(channelName, $"vendure-order:{order.Id}", $"the Order service refused Vendure order {order.Code}: {ex.Status.Detail}", order, ct);
            _accepted[(channelName, order.Id)] = fingerprint;
            return true;
        }

        var lineSkus = mapped.Ingest.Order.Lines.ToDictionary(l => l.ExternalLineId, l => l.Sku, StringComparer.Ordinal);
        foreach (var fact in mapped.Facts)
        {
            var kind = fact switch
            {
                RecordPaymentRequest => "payment",
                RecordShipmentRequest => "shipment",
                RecordRefundRequest => "refund",
                _ => "cancellation",
            };
            try
            {
                var outcome = fact switch
                {
                    RecordPaymentRequest payment => (await orders.RecordPaymentAsync(payment, cancellationToken: ct)).Outcome,
                    RecordShipmentRequest shipment => (await orders.RecordShipmentAsync(await LocatedAsync(shipment, orderId, lineSkus, channel, ct), cancellationToken: ct)).Outcome,
                    RecordRefundRequest refund => (await orders.RecordRefundAsync(refund, cancellationToken: ct)).Outcome,
                    CancelOrderRequest cancel => (await orders.CancelOrderAsync(cancel, cancellationToken: ct)).Outcome,
                    _ => throw new InvalidOperationException($"unexpected call {fact.Descriptor.Name}"),
                };
                metrics.Call(channelName, kind, outcome.ToString());
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                // Refused on the merits (over-shipment, over-refund): the Order service opened its own exception.
                metrics.Call(channelName, kind, "refused");
                LogFactRefused(logger, channelName, order.Code, kind, ex.Status.Detail);
            }
            catch (RpcException ex) when (IsRefusal(ex))
            {
                metrics.Call(channelName, kind, "refused");
                await OpenExceptionAsync(channelName, $"vendure-order:{order.Id}:{kind}", $"the Order service refused a {kind} of Vendure order {order.Code}: {ex.Status.Detail}", order, ct);
            }
        }

        _accepted[(channelName, order.Id)] = fingerprint;
        metrics.OrderSynced(channelName);
        LogSynced(logger, channelName, order.Code, order.State, mapped.Facts.Count);
        return true;
    }

    // Vendure's fulfilments do not say where they left from; the order left from where Inventory holds its stock.
    private async Task<RecordShipmentRequest> LocatedAsync(
        RecordShipmentRequest request, string orderId, Dictionary<string, string> lineSkus, ChannelOptions channel, CancellationToken ct)
    {
        if (request.Shipment.LocationId.Length > 0)
        {
            return request;
        }

        var shipped = request.Shipment.Lines.Select(l => lineSkus.GetValueOrDefault(l.ExternalLineId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var reservations = await inventory.ListReservationsAsync(new ListReservationsRequest { OrderId = orderId }, cancellationToken: ct);
        var held = reservations.Reservations.SelectMany(r => r.Lines)
            .OrderByDescending(l => shipped.Contains(l.Sku))
            .ThenByDescending(l => l.Open)
            .Select(l => l.LocationId)
            .FirstOrDefault();
        var located = request.Clone();
        located.Shipment.LocationId = held
            ?? channel.Locations.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value).FirstOrDefault()
            ?? string.Empty;
        return located;
    }

    private async Task OpenExceptionAsync(string channel, string reference, string reason, VendureOrder order, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        if (await db.Exceptions.AnyAsync(e => e.Channel == channel && e.Kind == "MAPPING_FAILED" && e.Reference == reference && e.Status == ExceptionStatus.Open, ct))
        {
            return;
        }

        db.Exceptions.Add(new ConnectorException
        {
            Channel = channel,
            Kind = "MAPPING_FAILED",
            Reference = reference,
            Reason = reason,
            DetailsJson = JsonSerializer.Serialize(order, VendureAdminClient.Json),
            Status = ExceptionStatus.Open,
            OpenedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        LogException(logger, channel, reference, reason);
    }

    private async Task<CursorPosition?> ReadCursorAsync(string channel, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var position = await scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>().ReadAsync(channel, OrdersStream, ct);
        return position is null ? null : CursorPosition.Parse(position);
    }

    private async Task WriteCursorAsync(string channel, CursorPosition position, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>().WriteAsync(channel, OrdersStream, position.ToString(), clock.GetUtcNow(), ct);
    }

    private static bool IsRefusal(RpcException ex) => ex.StatusCode is StatusCode.InvalidArgument or StatusCode.AlreadyExists or StatusCode.NotFound;

    private static string Fingerprint(MappedOrder mapped)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(mapped.Ingest.ToByteArray());
        foreach (var fact in mapped.Facts)
        {
            hash.AppendData(fact.ToByteArray());
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vendure channel {Channel}: order {Code} ({State}) sent to the Order service with {Facts} fact(s)")]
    private static partial void LogSynced(ILogger logger, string channel, string code, string state, int facts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vendure channel {Channel}: the Order service refused a {Kind} of order {Code}: {Detail}")]
    private static partial void LogFactRefused(ILogger logger, string channel, string code, string kind, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vendure channel {Channel}: exception {Reference} opened: {Reason}")]
    private static partial void LogException(ILogger logger, string channel, string reference, string reason);
}

/// <summary>The new-orders cursor: the last accepted order's placement time and id (the tiebreak), as "time|id".</summary>
internal readonly record struct CursorPosition(DateTimeOffset PlacedAt, long Id) : IComparable<CursorPosition>
{
    public int CompareTo(CursorPosition other)
    {
        var byTime = PlacedAt.CompareTo(other.PlacedAt);
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }

    public override string ToString() => $"{PlacedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}|{Id.ToString(CultureInfo.InvariantCulture)}";

    public static CursorPosition Parse(string text)
    {
        var bar = text.LastIndexOf('|');
        return new CursorPosition(
            DateTimeOffset.Parse(text[..bar], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            long.Parse(text[(bar + 1)..], CultureInfo.InvariantCulture));
    }
}
