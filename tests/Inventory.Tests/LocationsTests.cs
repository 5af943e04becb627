using Integration.Contracts.Inventory.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Tests;

public sealed class LocationsTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private async Task<UpsertLocationResponse> Upsert(string id, string name, int priority, bool shipsOnline = true) =>
        await _client.UpsertLocationAsync(new UpsertLocationRequest
        {
            Location = new Location { LocationId = id, Name = name, Priority = priority, ShipsOnline = shipsOnline },
        });

    private Task<Data.Locations.Location> Stored(string id) =>
        factory.WithDbAsync(db => db.Locations.AsNoTracking().SingleAsync(l => l.Id == id));

    [Fact]
    public async Task A_new_location_is_created_and_stored()
    {
        var response = await Upsert(" WH-NEW ", " Main warehouse ", 3, shipsOnline: false);

        Assert.True(response.Created);
        Assert.Equal(new Location { LocationId = "WH-NEW", Name = "Main warehouse", Priority = 3, ShipsOnline = false }, response.Location);
        var stored = await Stored("WH-NEW");
        Assert.Equal("Main warehouse", stored.Name);
        Assert.Equal(3, stored.Priority);
        Assert.False(stored.ShipsOnline);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task The_same_body_changes_nothing_and_a_new_body_updates_the_location()
    {
        await Upsert("WH-UPD", "Store Berlin", 5);
        var first = await Stored("WH-UPD");

        var same = await Upsert("WH-UPD", "Store Berlin", 5);
        Assert.False(same.Created);
        Assert.Equal(first.UpdatedAt, (await Stored("WH-UPD")).UpdatedAt);

        var changed = await Upsert("WH-UPD", "Store Berlin Mitte", 1, shipsOnline: false);
        Assert.False(changed.Created);
        Assert.Equal(new Location { LocationId = "WH-UPD", Name = "Store Berlin Mitte", Priority = 1, ShipsOnline = false }, changed.Location);
        var stored = await Stored("WH-UPD");
        Assert.Equal("Store Berlin Mitte", stored.Name);
        Assert.Equal(1, stored.Priority);
        Assert.Equal(first.CreatedAt, stored.CreatedAt);
        Assert.True(stored.UpdatedAt >= first.UpdatedAt);
    }

    [Theory]
    [InlineData("", "Name", 0, "location.location_id")]
    [InlineData("bad id!", "Name", 0, "location.location_id")]
    [InlineData("WH-BAD", " ", 0, "location.name")]
    [InlineData("WH-BAD", "", 0, "location.name")]
    [InlineData("WH-BAD", "Name", -1, "location.priority")]
    public async Task Bad_location_is_refused_with_InvalidArgument_naming_the_field(string id, string name, int priority, string field)
    {
        await RpcAssert.InvalidArgumentAsync(() => Upsert(id, name, priority), field);

        Assert.False(await factory.WithDbAsync(db => db.Locations.AnyAsync(l => l.Id == "WH-BAD")));
    }

    [Fact]
    public async Task A_name_over_200_characters_is_refused()
    {
        await Upsert("WH-LONG", new string('n', 200), 0);

        await RpcAssert.InvalidArgumentAsync(() => Upsert("WH-LONG", new string('m', 201), 0), "location.name");

        Assert.Equal(new string('n', 200), (await Stored("WH-LONG")).Name);
    }

    [Fact]
    public async Task A_request_without_a_location_is_refused()
    {
        await RpcAssert.InvalidArgumentAsync(() => _client.UpsertLocationAsync(new UpsertLocationRequest()).ResponseAsync, "location");
    }
}
