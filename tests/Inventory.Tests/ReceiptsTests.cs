using Grpc.Core;
using Integration.Contracts.Inventory.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Tests;

public sealed class ReceiptsTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private Task<Data.Movements.StockMovement?> Movement(string id) =>
        factory.WithDbAsync(db => db.StockMovements.AsNoTracking().SingleOrDefaultAsync(m => m.MovementId == id));

    [Fact]
    public async Task Receipts_raise_on_hand_and_are_recorded_as_movements()
    {
        await _client.AddLocationAsync("RCV-WH");

        var first = await _client.ReceiveAsync("grn-rcv-1", " sku-rcv ", "RCV-WH", 10, " PO-4711 ");
        var second = await _client.ReceiveAsync("grn-rcv-2", "SKU-RCV", "RCV-WH", 5);

        Assert.False(first.Duplicate);
        Assert.Equal(new StockLevel { Sku = "SKU-RCV", LocationId = "RCV-WH", OnHand = 10, Available = 10, Version = 1 }, first.Level);
        Assert.False(second.Duplicate);
        Assert.Equal(15, second.Level.OnHand);
        Assert.Equal(15, (await _client.AvailabilityAsync("SKU-RCV")).OnHand);

        var movement = await Movement("grn-rcv-1");
        Assert.NotNull(movement);
        Assert.Equal(("receipt", "SKU-RCV", "RCV-WH", 10L, "PO-4711", 10L),
            (movement.Kind, movement.Sku, movement.LocationId, movement.Quantity, movement.Reference, movement.OnHandAfter));
        Assert.Matches("^[0-9a-f]{64}$", movement.RequestHash);
        Assert.Equal(15, (await Movement("grn-rcv-2"))!.OnHandAfter);
    }

    [Fact]
    public async Task The_same_movement_twice_raises_on_hand_once_and_answers_as_a_duplicate()
    {
        await _client.AddLocationAsync("DUP-WH");

        var first = await _client.ReceiveAsync("grn-dup", "SKU-DUP", "DUP-WH", 12, "PO-9");
        // The same receipt after normalisation: SKU case and surrounding blanks do not make it another body.
        var again = await _client.ReceiveAsync("grn-dup", " sku-dup", "DUP-WH", 12, "PO-9 ");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Level, again.Level);
        Assert.Equal(12, (await _client.AvailabilityAsync("SKU-DUP")).OnHand);
        Assert.Equal(1, await factory.WithDbAsync(db => db.StockMovements.CountAsync(m => m.Sku == "SKU-DUP")));
    }

    [Theory]
    [InlineData(13, "DUP2-WH", "PO-9")]
    [InlineData(12, "DUP2-OTHER", "PO-9")]
    [InlineData(12, "DUP2-WH", "PO-10")]
    public async Task A_movement_id_reused_with_another_body_is_refused_with_AlreadyExists(long quantity, string locationId, string reference)
    {
        await _client.AddLocationAsync("DUP2-WH");
        await _client.AddLocationAsync("DUP2-OTHER");
        var movementId = $"grn-reuse-{quantity}-{locationId}-{reference}";
        var sku = $"SKU-{quantity}-{locationId}-{reference}";
        await _client.ReceiveAsync(movementId, sku, "DUP2-WH", 12, "PO-9");

        await RpcAssert.StatusAsync(() => _client.ReceiveAsync(movementId, sku, locationId, quantity, reference), StatusCode.AlreadyExists, movementId);

        var availability = await _client.AvailabilityAsync(sku);
        Assert.Equal(12, availability.OnHand);
        Assert.Equal(["DUP2-WH"], availability.Levels.Select(l => l.LocationId));
    }

    [Fact]
    public async Task An_unknown_location_is_NotFound_and_books_nothing()
    {
        await RpcAssert.StatusAsync(() => _client.ReceiveAsync("grn-nowhere", "SKU-NOWHERE", "NO-SUCH-WH", 3), StatusCode.NotFound, "NO-SUCH-WH");

        Assert.Null(await Movement("grn-nowhere"));
        Assert.Equal(0, (await _client.AvailabilityAsync("SKU-NOWHERE")).OnHand);
    }

    [Theory]
    [InlineData("", "SKU-BAD", "BAD-WH", 1, "movement_id")]
    [InlineData("grn bad", "SKU-BAD", "BAD-WH", 1, "movement_id")]
    [InlineData("grn-bad", "bad sku!", "BAD-WH", 1, "sku")]
    [InlineData("grn-bad", "", "BAD-WH", 1, "sku")]
    [InlineData("grn-bad", "SKU-BAD", "", 1, "location_id")]
    [InlineData("grn-bad", "SKU-BAD", "BAD-WH", 0, "quantity")]
    [InlineData("grn-bad", "SKU-BAD", "BAD-WH", -5, "quantity")]
    [InlineData("grn-bad", "SKU-BAD", "BAD-WH", 1_000_001, "quantity")]
    public async Task Bad_receipt_is_refused_with_InvalidArgument_naming_the_field(string movementId, string sku, string locationId, long quantity, string field)
    {
        await _client.AddLocationAsync("BAD-WH");

        await RpcAssert.InvalidArgumentAsync(() => _client.ReceiveAsync(movementId, sku, locationId, quantity), field);

        Assert.Null(await Movement(movementId));
        Assert.Equal(0, (await _client.AvailabilityAsync("SKU-BAD")).OnHand);
    }

    [Fact]
    public async Task The_largest_quantity_is_accepted_and_a_reference_over_200_characters_is_refused()
    {
        await _client.AddLocationAsync("BIG-WH");

        await RpcAssert.InvalidArgumentAsync(() => _client.ReceiveAsync("grn-big", "SKU-BIG", "BIG-WH", 1, new string('r', 201)), "reference");
        var booked = await _client.ReceiveAsync("grn-big", "SKU-BIG", "BIG-WH", 1_000_000, new string('r', 200));

        Assert.False(booked.Duplicate);
        Assert.Equal(1_000_000, booked.Level.OnHand);
    }
}
