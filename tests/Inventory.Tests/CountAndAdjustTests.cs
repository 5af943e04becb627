using Grpc.Core;
using Integration.Contracts.Common.V1;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

public sealed class CountAndAdjustTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    [Fact]
    public async Task A_count_of_136_against_142_records_a_variance_of_minus_6_with_the_unit_cost()
    {
        await factory.DeliverAsync(new ProductChanged
        {
            ProductId = "TEE", Version = 3, Active = true,
            Variants = { new VariantSnapshot { Sku = "TEE-BLUE-M", Active = true, UnitCost = new Money { CurrencyCode = "EUR", Units = 4, Nanos = 200_000_000 } } },
        }, "ProductChangedHandler", subject: "product/TEE");
        await _client.AddLocationAsync("CNT-WH");
        await _client.ReceiveAsync("grn-cnt", "TEE-BLUE-M", "CNT-WH", 142);
        await _client.ReserveAsync("cnt-res", "order-cnt", ("TEE-BLUE-M", 2, null));

        var count = await _client.CountStockAsync(new CountStockRequest
        {
            CountId = "cnt-2026-11", Sku = "tee-blue-m", LocationId = "CNT-WH", Counted = 136, Reason = "shrinkage", Reference = "SHEET-7",
        });

        Assert.Equal((142L, -6L, 136L, 2L, 134L), (count.SystemOnHand, count.Variance, count.Level.OnHand, count.Level.Reserved, count.Level.Available));
        Assert.Equal(new Money { CurrencyCode = "EUR", Units = 4, Nanos = 200_000_000 }, count.UnitCost);
        var evt = Assert.Single(await factory.RecordedAsync<StockCounted>(), e => e.CountId == "cnt-2026-11");
        Assert.Equal((136L, 142L, -6L, "shrinkage"), (evt.Counted, evt.SystemOnHand, evt.Variance, evt.Reason));
        Assert.Equal(count.UnitCost, evt.UnitCost);

        var replay = await _client.CountStockAsync(new CountStockRequest
        {
            CountId = "cnt-2026-11", Sku = "TEE-BLUE-M", LocationId = "CNT-WH", Counted = 136, Reason = "shrinkage", Reference = "SHEET-7",
        });
        Assert.True(replay.Duplicate);
        Assert.Equal(-6, replay.Variance);
        await RpcAssert.StatusAsync(() => _client.CountStockAsync(new CountStockRequest
        {
            CountId = "cnt-2026-11", Sku = "TEE-BLUE-M", LocationId = "CNT-WH", Counted = 130, Reason = "shrinkage",
        }).ResponseAsync, StatusCode.AlreadyExists, "cnt-2026-11");

        var movements = await _client.ListMovementsAsync(new ListMovementsRequest { Sku = "TEE-BLUE-M", LocationId = "CNT-WH" });
        Assert.Equal([("count", -6L, 136L), ("receipt", 142L, 142L)], movements.Movements.Select(m => (m.Kind, m.Quantity, m.OnHandAfter)));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Transfers_damage_write_offs_and_returns_move_on_hand_with_a_reason()
    {
        await _client.AddLocationAsync("ADJ-A");
        await _client.AddLocationAsync("ADJ-B");
        await _client.ReceiveAsync("grn-adj", "SKU-ADJ", "ADJ-A", 20);

        var transfer = await _client.AdjustStockAsync(new AdjustStockRequest
        {
            MovementId = "tr-1", Kind = AdjustmentKind.Transfer, Sku = "SKU-ADJ", LocationId = "ADJ-A", ToLocationId = "ADJ-B", Quantity = 8, Reason = "rebalance",
        });
        Assert.Equal([("ADJ-A", 12L), ("ADJ-B", 8L)], transfer.Levels.Select(l => (l.LocationId, l.OnHand)));
        await _client.AdjustStockAsync(new AdjustStockRequest { MovementId = "dmg-1", Kind = AdjustmentKind.Damage, Sku = "SKU-ADJ", LocationId = "ADJ-A", Quantity = 2, Reason = "forklift" });
        await _client.AdjustStockAsync(new AdjustStockRequest { MovementId = "wo-1", Kind = AdjustmentKind.WriteOff, Sku = "SKU-ADJ", LocationId = "ADJ-B", Quantity = 1, Reason = "expired" });
        await _client.AdjustStockAsync(new AdjustStockRequest { MovementId = "ret-1", Kind = AdjustmentKind.Return, Sku = "SKU-ADJ", LocationId = "ADJ-B", Quantity = 3, Reason = "customer return" });

        Assert.Equal(10, (await _client.LevelAsync("SKU-ADJ", "ADJ-A")).OnHand);
        Assert.Equal(10, (await _client.LevelAsync("SKU-ADJ", "ADJ-B")).OnHand);
        var replay = await _client.AdjustStockAsync(new AdjustStockRequest
        {
            MovementId = "tr-1", Kind = AdjustmentKind.Transfer, Sku = "SKU-ADJ", LocationId = "ADJ-A", ToLocationId = "ADJ-B", Quantity = 8, Reason = "rebalance",
        });
        Assert.True(replay.Duplicate);
        Assert.Equal(10, (await _client.LevelAsync("SKU-ADJ", "ADJ-A")).OnHand);

        await RpcAssert.StatusAsync(() => _client.AdjustStockAsync(new AdjustStockRequest
        {
            MovementId = "dmg-2", Kind = AdjustmentKind.Damage, Sku = "SKU-ADJ", LocationId = "ADJ-A", Quantity = 11, Reason = "flood",
        }).ResponseAsync, StatusCode.FailedPrecondition, "below zero");
        Assert.Equal(10, (await _client.LevelAsync("SKU-ADJ", "ADJ-A")).OnHand);

        var kinds = (await _client.ListMovementsAsync(new ListMovementsRequest { Sku = "SKU-ADJ" })).Movements.Select(m => (m.Kind, m.Reason)).ToList();
        Assert.Contains(("transfer-out", "rebalance"), kinds);
        Assert.Contains(("transfer-in", "rebalance"), kinds);
        Assert.Contains(("damage", "forklift"), kinds);
        Assert.Equal(6, kinds.Count);
        Assert.Equal(5, (await factory.RecordedAsync<StockAdjusted>()).Count(e => e.Sku == "SKU-ADJ" && e.Kind != "receipt"));
        await _client.AssertInvariantsHoldAsync();
    }

    [Theory]
    [InlineData(AdjustmentKind.Unspecified, "ADJ-V", "", 1, "why", "kind")]
    [InlineData(AdjustmentKind.Transfer, "ADJ-V", "", 1, "why", "to_location_id")]
    [InlineData(AdjustmentKind.Transfer, "ADJ-V", "ADJ-V", 1, "why", "to_location_id")]
    [InlineData(AdjustmentKind.Damage, "ADJ-V", "ADJ-W", 1, "why", "to_location_id")]
    [InlineData(AdjustmentKind.Damage, "ADJ-V", "", 0, "why", "quantity")]
    [InlineData(AdjustmentKind.Damage, "ADJ-V", "", 1_000_001, "why", "quantity")]
    [InlineData(AdjustmentKind.Damage, "ADJ-V", "", 1, "", "reason")]
    public async Task Bad_adjustments_are_refused_naming_the_field(AdjustmentKind kind, string from, string to, long quantity, string reason, string field)
    {
        await RpcAssert.InvalidArgumentAsync(() => _client.AdjustStockAsync(new AdjustStockRequest
        {
            MovementId = "adj-bad", Kind = kind, Sku = "SKU-V", LocationId = from, ToLocationId = to, Quantity = quantity, Reason = reason,
        }).ResponseAsync, field);
    }

    [Fact]
    public async Task Counts_and_adjustments_at_unknown_locations_are_not_found()
    {
        await RpcAssert.StatusAsync(() => _client.CountStockAsync(new CountStockRequest { CountId = "c-x", Sku = "SKU-X", LocationId = "NOPE", Counted = 1, Reason = "r" }).ResponseAsync, StatusCode.NotFound, "NOPE");
        await RpcAssert.InvalidArgumentAsync(() => _client.CountStockAsync(new CountStockRequest { CountId = "c-x", Sku = "SKU-X", LocationId = "NOPE", Counted = -1, Reason = "r" }).ResponseAsync, "counted");
        await RpcAssert.StatusAsync(() => _client.AdjustStockAsync(new AdjustStockRequest
        {
            MovementId = "a-x", Kind = AdjustmentKind.Return, Sku = "SKU-X", LocationId = "NOPE", Quantity = 1, Reason = "r",
        }).ResponseAsync, StatusCode.NotFound, "NOPE");
    }

    [Fact]
    public async Task The_invariant_check_reports_a_level_changed_behind_its_evidence()
    {
        await _client.AddLocationAsync("INV-WH");
        await _client.ReceiveAsync("grn-inv", "SKU-INV", "INV-WH", 10);
        await _client.ReserveAsync("inv-res", "o", ("SKU-INV", 4, null));
        // Someone edits the table by hand, as nothing in the service would.
        await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
            "UPDATE stock_levels SET \"OnHand\" = 9, \"Reserved\" = 5 WHERE \"Sku\" = 'SKU-INV'"));

        var check = await _client.CheckInvariantsAsync(new CheckInvariantsRequest());

        Assert.Contains(check.Violations, v => v is { Sku: "SKU-INV", LocationId: "INV-WH", Invariant: "reserved", Recorded: 5, Expected: 4 });
        Assert.Contains(check.Violations, v => v is { Sku: "SKU-INV", Invariant: "on_hand", Recorded: 9, Expected: 10 } && v.Evidence.Contains("1 movements", StringComparison.Ordinal));
        // Put it back so the fixture's other tests see a clean database.
        await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
            "UPDATE stock_levels SET \"OnHand\" = 10, \"Reserved\" = 4 WHERE \"Sku\" = 'SKU-INV'"));
    }
}
