using Grpc.Core;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Adjustments;
using Integration.Inventory.Counts;
using Integration.Inventory.Invariants;
using Integration.Inventory.Movements;

namespace Integration.Inventory;

/// <summary>Movement RPCs (adjustments, counts, history) and the invariant check.</summary>
internal sealed partial class InventoryGrpcService
{
    public override Task<AdjustStockResponse> AdjustStock(AdjustStockRequest request, ServerCallContext context) =>
        new StockAdjuster(Db, Outbox, gate, locations, clock).AdjustAsync(AdjustInput.From(request), context.CancellationToken);

    public override async Task<CountStockResponse> CountStock(CountStockRequest request, ServerCallContext context)
    {
        var input = CountInput.From(request);
        var result = await new StockCounter(Db, Outbox, gate, locations, clock).CountAsync(input, context.CancellationToken);
        if (!result.Duplicate)
        {
            LogCounted(logger, input.CountId, input.Sku, input.LocationId, input.Counted, result.SystemOnHand, result.Variance);
        }

        return result;
    }

    public override Task<ListMovementsResponse> ListMovements(ListMovementsRequest request, ServerCallContext context) =>
        new MovementReader(Db).ListAsync(request, context.CancellationToken);

    public override Task<CheckInvariantsResponse> CheckInvariants(CheckInvariantsRequest request, ServerCallContext context) =>
        new InvariantChecker(Db).CheckAsync(context.CancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Count {CountId}: {Sku} at {LocationId} counted {Counted} against {SystemOnHand} (variance {Variance})")]
    private static partial void LogCounted(ILogger logger, string countId, string sku, string locationId, long counted, long systemOnHand, long variance);
}
