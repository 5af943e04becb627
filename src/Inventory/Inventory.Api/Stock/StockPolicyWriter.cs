using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Locations;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Stock;

/// <summary>Sets safety stock and the backorder limit of a SKU at a location (creating the level with zero stock if needed).</summary>
internal sealed class StockPolicyWriter(InventoryDbContext db, SqliteWriteGate gate, LocationDirectory locations)
{
    public const long MaxFigure = 1_000_000;

    public async Task<SetStockPolicyResponse> SetAsync(SetStockPolicyRequest request, CancellationToken ct)
    {
        var sku = Require.Sku(request.Sku, "sku");
        var location = Require.Identifier(request.LocationId, "location_id");
        var safety = Figure(request.SafetyStock, "safety_stock");
        var limit = Figure(request.BackorderLimit, "backorder_limit");
        if (await locations.FindAsync(db, location, ct) is null)
        {
            throw new NotFoundException($"no location with id '{location}'");
        }

        var level = await new WriteRunner(db, gate).RunAsync(async token =>
        {
            var sql = new StockSql(db);
            await sql.EnsureLevelAsync(sku, location, token);
            return (await sql.SetPolicyAsync(sku, location, safety, limit, token))!.Value;
        }, ct);
        return new SetStockPolicyResponse { Level = level.ToContract() };
    }

    private static long Figure(long value, string field) =>
        value is >= 0 and <= MaxFigure ? value : throw new ValidationException(field, $"{value} must be between 0 and {MaxFigure}");
}
