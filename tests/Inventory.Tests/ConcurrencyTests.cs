using Integration.Contracts.Inventory.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Tests;

/// <summary>
/// Parallel receipts on one SKU and location. On PostgreSQL the calls really overlap (row locks,
/// read committed), so a read-modify-write or a check-then-insert without a fallback would fail here.
/// </summary>
public abstract class ConcurrencyTests(InventoryFactory factory)
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    [Fact]
    public async Task Fifty_parallel_receipts_add_up_exactly()
    {
        await _client.AddLocationAsync("RACE-WH");
        var quantities = Enumerable.Range(1, 50).Select(i => (long)i).ToList();

        var responses = await Task.WhenAll(quantities.Select(q => _client.ReceiveAsync($"grn-race-{q}", "SKU-RACE", "RACE-WH", q)));

        Assert.All(responses, r => Assert.False(r.Duplicate));
        Assert.Equal(quantities.Sum(), (await _client.AvailabilityAsync("SKU-RACE")).OnHand);
        var after = await factory.WithDbAsync(db => db.StockMovements.Where(m => m.Sku == "SKU-RACE").Select(m => m.OnHandAfter).ToListAsync());
        // Each increment saw every earlier one: the running totals are all different and end at the sum.
        Assert.Equal(50, after.Distinct().Count());
        Assert.Equal(quantities.Sum(), after.Max());
        Assert.Equal(after.Order(), responses.Select(r => r.Level.OnHand).Order());
    }

    [Fact]
    public async Task Parallel_first_receipts_of_a_new_sku_all_count()
    {
        await _client.AddLocationAsync("FIRST-WH");
        // Warm-up, so the rounds below start together instead of queueing behind the first query compilation.
        await _client.ReceiveAsync("grn-first-warm", "SKU-FIRST-WARM", "FIRST-WH", 1);

        for (var round = 0; round < 5; round++)
        {
            var sku = $"SKU-FIRST-{round}";
            // Every call finds no stock row yet and tries to create it; the losers must fall back to the increment.
            await Task.WhenAll(Enumerable.Range(1, 10).Select(i => _client.ReceiveAsync($"grn-first-{round}-{i}", sku, "FIRST-WH", i)));

            Assert.Equal(55, (await _client.AvailabilityAsync(sku)).OnHand);
        }
    }

    [Fact]
    public async Task Twenty_parallel_calls_with_one_movement_id_book_it_once()
    {
        await _client.AddLocationAsync("SAME-WH");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.ReceiveAsync("grn-same", "SKU-SAME", "SAME-WH", 7)));

        Assert.Single(responses, r => !r.Duplicate);
        Assert.All(responses, r => Assert.Equal(7, r.Level.OnHand));
        Assert.Equal(7, (await _client.AvailabilityAsync("SKU-SAME")).OnHand);
        Assert.Equal(1, await factory.WithDbAsync(db => db.StockMovements.CountAsync(m => m.Sku == "SKU-SAME")));
    }
}

public sealed class SqliteConcurrencyTests(InventoryFactory factory) : ConcurrencyTests(factory), IClassFixture<InventoryFactory>;

public sealed class PostgresConcurrencyTests(PostgresInventoryFactory factory) : ConcurrencyTests(factory), IClassFixture<PostgresInventoryFactory>;
