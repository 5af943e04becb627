using Integration.Contracts.Inventory.V1;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>Our available-to-sell, pushed into Vendure, is what Vendure sells.</summary>
[Collection(VendureCollection.Name)]
public sealed class VendureAvailabilityTests(VendureFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_stock_count_in_Inventory_becomes_Vendures_saleable_stock_allocations_included()
    {
        // Vendure starts out believing in 50; nothing is ours yet.
        var variant = await fixture.ProductAsync("COUNT-MUG", "VND-COUNT-1", vendureStock: 50, ourStock: 0);
        var inventory = fixture.Mesh.InventoryClient;

        await inventory.ReceiveStockAsync(new ReceiveStockRequest { MovementId = "grn-count-mug", Sku = "COUNT-MUG", LocationId = "WH-1", Quantity = 12, Reference = "PO-7" });
        await VendureFixture.EventuallyAsync(() => fixture.Store.SaleableAsync(variant), s => s == 12, "Vendure's saleable after the receipt");

        // The warehouse counts 9: that is what Vendure sells.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await inventory.CountStockAsync(new CountStockRequest { CountId = "cnt-count-mug", Sku = "COUNT-MUG", LocationId = "WH-1", Counted = 9, Reason = "shrinkage" });
        var stock = await VendureFixture.EventuallyAsync(() => fixture.Store.StockAsync(variant), s => s[fixture.MainLocation] == (9, 0), "Vendure's stock after the count");
        output.WriteLine($"count in Inventory -> Vendure's stock: {clock.ElapsedMilliseconds} ms (availability coalesced every 200 ms here)");
        Assert.Equal(9, await fixture.Store.SaleableAsync(variant));

        // A shopper buys 2: Vendure allocates 2 (its stockOnHand still counts them), Inventory reserves 2 (available 7). The
        // push sets stockOnHand = 7 + 2 allocated, so Vendure's saleable is exactly our 7.
        var placed = await fixture.Store.PlaceOrderAsync([(variant, 2)]);
        await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == Contracts.Order.V1.FinancialStatus.Paid);
        // Vendure reads (9, 2) the moment it allocates, before any push: that it still does after ours proves the
        // push, so wait for Inventory's reservation and for the push that carried it first.
        await VendureFixture.EventuallyAsync(
            async () => (await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "COUNT-MUG" } })).Items.Single().Levels.Single(l => l.LocationId == "WH-1").Available,
            available => available == 7, "Inventory's available after the reservation");
        await VendureFixture.EventuallyAsync(
            () => fixture.Mesh.ConnectorsDbAsync(db => db.PushStates.AsNoTracking().SingleOrDefaultAsync(p => p.Channel == VendureFixture.Channel && p.Sku == "COUNT-MUG" && p.LocationId == "WH-1")),
            state => state?.PushedAvailable == 7, "the push of the reserved availability");
        stock = await fixture.Store.StockAsync(variant);
        Assert.Equal((9, 2), stock[fixture.MainLocation]);
        Assert.Equal(7, await fixture.Store.SaleableAsync(variant));

        // 3 more received while Vendure still holds its allocation of 2: our available is 10, so Vendure's stockOnHand
        // becomes 12 (10 + the 2 it allocated) — setting it to 10 would leave Vendure selling only 8.
        await inventory.ReceiveStockAsync(new ReceiveStockRequest { MovementId = "grn-count-mug-2", Sku = "COUNT-MUG", LocationId = "WH-1", Quantity = 3, Reference = "PO-8" });
        stock = await VendureFixture.EventuallyAsync(() => fixture.Store.StockAsync(variant), s => s[fixture.MainLocation] == (12, 2), "Vendure's stock after the second receipt");
        Assert.Equal(10, await fixture.Store.SaleableAsync(variant));
        Assert.Equal(0, stock.GetValueOrDefault(fixture.SecondLocation).OnHand);
    }
}
