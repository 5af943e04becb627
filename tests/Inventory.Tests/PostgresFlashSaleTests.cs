using Integration.Contracts.Inventory.V1;
using Integration.Messaging.Outbox;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Integration.Inventory.Tests;

/// <summary>
/// The flash sale on PostgreSQL: two replicas on one database, no lock, so their batches really race for the same
/// rows (PostgreSQL locks rows, not the database: a batch's figures can be stale by the time it takes them, and
/// the guard refuses the batch's plan, which is then decided one request at a time). Exactly the stock is granted,
/// every decision has its row and its event, and the batches' multi-row INSERTs are what PostgreSQL stores.
/// </summary>
public sealed class PostgresFlashSaleTests
{
    private const int Units = 60;
    private const int Attempts = 240;

    [Fact]
    public async Task Two_replicas_without_a_lock_grant_exactly_the_stock_with_one_event_per_decision()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("inventory_flash")) { Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        using var a = Replica(database);
        using var b = Replica(database);
        var clientA = a.CreateInventoryClient();
        var clientB = b.CreateInventoryClient();
        await clientA.AddLocationAsync("PG-WH-1", priority: 0);
        await clientA.AddLocationAsync("PG-WH-2", priority: 1);
        await clientA.ReceiveAsync("grn-pg-1", "SKU-PG-FLASH", "PG-WH-1", Units / 2);
        await clientA.ReceiveAsync("grn-pg-2", "SKU-PG-FLASH", "PG-WH-2", Units / 2);
        await clientB.AvailabilityAsync("SKU-PG-FLASH");

        // Two units, split across locations when one runs short, so batches take from both levels.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(async i =>
            (await (i % 2 == 0 ? clientA : clientB).ReserveAsync($"pg-flash-{i}", $"order-pg-{i}", AllocationStrategy.Split, ("SKU-PG-FLASH", 2, null))).Reservation));

        var granted = outcomes.Where(r => r.State == ReservationState.Pending).ToList();
        Assert.Equal(Units / 2, granted.Count);
        Assert.Equal(Attempts - (Units / 2), outcomes.Count(r => r.State == ReservationState.Rejected));
        Assert.Equal(Units, granted.Sum(r => r.Lines.Sum(l => l.Quantity)));
        var levels = (await clientB.AvailabilityAsync("SKU-PG-FLASH")).Levels;
        Assert.All(levels, l => Assert.Equal((Units / 2L, 0L), (l.Reserved, l.Available)));
        await clientA.AssertInvariantsHoldAsync();

        // Every decision stored once with its event, in the same transaction.
        var (rows, events) = await a.WithDbAsync(async db => (
            await db.Reservations.CountAsync(r => r.Id.StartsWith("pg-flash-")),
            await db.Set<OutboxMessage>().Where(m => m.AggregateKey.StartsWith("reservation/pg-flash-")).Select(m => m.Type).ToListAsync()));
        Assert.Equal(Attempts, rows);
        Assert.Equal(Units / 2, events.Count(t => t == "integration.inventory.stock-reserved.v1"));
        Assert.Equal(Attempts - (Units / 2), events.Count(t => t == "integration.inventory.reservation-rejected.v1"));
    }

    private static InventoryFactory Replica(string database)
    {
        var replica = new InventoryFactory();
        replica.Set("Database:Provider", "PostgreSql");
        replica.Set("ConnectionStrings:inventorydb", database);
        replica.Set("Inventory:Reservations:Lock", "Off");
        return replica;
    }
}
