using Integration.Messaging.Outbox;
using Grpc.Core;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Availability;
using Integration.Inventory.Data;
using Integration.Inventory.Locations;
using Integration.Inventory.Receipts;
using Integration.Inventory.Stock;
using Integration.Messaging.Inbox;

namespace Integration.Inventory;

/// <summary>
/// The Inventory gRPC API. Each RPC validates, then hands over to its feature; the RPCs of reservations,
/// movements and invariants are in the other parts of this class.
/// </summary>
internal sealed partial class InventoryGrpcService(
    SqliteWriteGate gate, LocationDirectory locations, TimeProvider clock, IServiceProvider services, ILogger<InventoryGrpcService> logger)
    : InventoryService.InventoryServiceBase
{
    private InventoryDbContext? _db;
    private IOutbox? _outbox;

    // Resolved on first use: Reserve only queues its request for the batcher, and a context built per call (its
    // options included) was a measurable part of a flash-sale decision.
    private InventoryDbContext Db => _db ??= services.GetRequiredService<InventoryDbContext>();

    private IOutbox Outbox => _outbox ??= services.GetRequiredService<IOutbox>();

    public override async Task<UpsertLocationResponse> UpsertLocation(UpsertLocationRequest request, ServerCallContext context)
    {
        var input = LocationInput.From(request.Location);
        var (location, created) = await new LocationWriter(Db, clock).UpsertAsync(input, context.CancellationToken);
        locations.Invalidate();
        LogLocationStored(logger, location.Id, location.Priority, created);
        return new UpsertLocationResponse { Location = location.ToContract(), Created = created };
    }

    public override async Task<ReceiveStockResponse> ReceiveStock(ReceiveStockRequest request, ServerCallContext context)
    {
        var input = ReceiptInput.From(request);
        var (level, duplicate) = await new StockReceiver(Db, Outbox, gate, clock).ReceiveAsync(input, context.CancellationToken);
        if (duplicate)
        {
            LogReceiptReplayed(logger, input.MovementId, input.Sku, input.LocationId);
        }
        else
        {
            LogReceiptBooked(logger, input.MovementId, input.Quantity, input.Sku, input.LocationId, level.OnHand);
        }

        return new ReceiveStockResponse { Level = level.ToContract(), Duplicate = duplicate };
    }

    public override async Task<GetAvailabilityResponse> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        var input = AvailabilityInput.From(request);
        return await new AvailabilityReader(Db).ReadAsync(input, context.CancellationToken);
    }

    public override Task<SetStockPolicyResponse> SetStockPolicy(SetStockPolicyRequest request, ServerCallContext context) =>
        new StockPolicyWriter(Db, gate, locations).SetAsync(request, context.CancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Location {LocationId} stored with priority {Priority} (created: {Created})")]
    private static partial void LogLocationStored(ILogger logger, string locationId, int priority, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {MovementId} booked: {Quantity} x {Sku} at {LocationId}, on hand now {OnHand}")]
    private static partial void LogReceiptBooked(ILogger logger, string movementId, long quantity, string sku, string locationId, long onHand);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receipt {MovementId} ({Sku} at {LocationId}) was booked before; answered as a replay")]
    private static partial void LogReceiptReplayed(ILogger logger, string movementId, string sku, string locationId);
}
