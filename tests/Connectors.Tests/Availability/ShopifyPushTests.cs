using System.Net;
using Integration.Contracts.Admin.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Availability;

/// <summary>Availability pushed to Shopify with inventorySetQuantities, against the stand-in.</summary>
[Collection(AvailabilityCollection.Name)]
public sealed class ShopifyPushTests(AvailabilityFixture fixture)
{
    [Fact]
    public async Task Pushes_set_available_with_compare_and_swap_and_never_an_older_sequence()
    {
        var item = await fixture.ShopifyItemAsync("AV-CAS", shopifyAvailable: 5);

        // First push: nothing pushed before, so Shopify's 5 is read and is the compare value.
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-CAS", available: 12, sequence: 3));
        Assert.Equal(12, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));
        var first = fixture.Shopify.Applied.Single(a => a.Item == item);
        Assert.Equal((12L, 5L), (first.Quantity, first.ChangeFrom!.Value));
        var mutation = fixture.Shopify.Mutations.Last(m => m["input"]!["quantities"]![0]!["inventoryItemId"]!.GetValue<string>() == item);
        Assert.Equal("available", mutation["input"]!["name"]!.GetValue<string>());
        Assert.Equal(AvailabilityFixture.LocationGid, mutation["input"]!["quantities"]![0]!["locationId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(mutation["idempotencyKey"]!.GetValue<string>()));

        // Next: the compare value is what we pushed last.
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-CAS", available: 10, sequence: 4));
        Assert.Equal((10L, 12L), (fixture.Shopify.Applied.Last(a => a.Item == item).Quantity, fixture.Shopify.Applied.Last(a => a.Item == item).ChangeFrom!.Value));

        // Shopify sold 2 we have not heard of: the compare fails (CHANGE_FROM_QUANTITY_STALE), the current 8 is read,
        // and our figure is set against it.
        fixture.Shopify.Stock(item, AvailabilityFixture.LocationGid, 8);
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-CAS", available: 9, sequence: 5));
        Assert.Equal(9, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));
        Assert.Equal(8L, fixture.Shopify.Applied.Last(a => a.Item == item).ChangeFrom);

        // An older sequence arriving late is not pushed at all, and the push state keeps the newest.
        var before = fixture.Shopify.Mutations.Count;
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-CAS", available: 100, sequence: 2));
        Assert.Equal(9, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));
        Assert.Equal(before, fixture.Shopify.Mutations.Count);
        var state = await fixture.Mesh.ConnectorsDbAsync(db => db.PushStates.AsNoTracking().SingleAsync(s => s.Channel == AvailabilityFixture.Channel && s.Sku == "AV-CAS"));
        Assert.Equal((5L, 9L), (state.PushedSequence, state.PushedAvailable));
    }

    [Fact]
    public async Task A_push_Shopify_keeps_failing_ends_as_a_dead_letter_with_Shopifys_answer()
    {
        var item = await fixture.ShopifyItemAsync("AV-DOWN", shopifyAvailable: 3);
        fixture.Shopify.Fail(item, HttpStatusCode.ServiceUnavailable, "upstream overloaded, shop 65001 is in maintenance");
        const string eventId = "avail-down-1";
        for (var attempt = 1; attempt <= AvailabilityFixture.MaxHandleAttempts; attempt++)
        {
            // Each delivery retries the HTTP call with backoff, then answers RETRY; the last attempt parks it.
            var answer = await fixture.ChangedAsync("AV-DOWN", available: 7, sequence: 1, eventId);
            Assert.Equal(attempt < AvailabilityFixture.MaxHandleAttempts ? "RETRY" : "SUCCESS", answer);
        }

        var parked = await DeadLetterAsync(eventId);
        Assert.Contains("upstream overloaded, shop 65001 is in maintenance", parked.LastError, StringComparison.Ordinal);
        Assert.Contains("503", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(3, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));
    }

    [Fact]
    public async Task A_push_Shopify_refuses_for_good_is_a_dead_letter_at_once()
    {
        var item = await fixture.ShopifyItemAsync("AV-GONE", shopifyAvailable: 4);
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-GONE", available: 6, sequence: 1));
        Assert.Equal(6, fixture.Shopify.Available(item, AvailabilityFixture.LocationGid));

        // The merchant deleted the item in Shopify: INVALID_INVENTORY_ITEM, which no retry fixes.
        fixture.Shopify.Forget(item);
        Assert.Equal("SUCCESS", await fixture.ChangedAsync("AV-GONE", available: 5, sequence: 2, "avail-gone-2"));
        var parked = await DeadLetterAsync("avail-gone-2");
        Assert.Contains("INVALID_INVENTORY_ITEM", parked.LastError, StringComparison.Ordinal);
        Assert.Contains("The specified inventory item could not be found.", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(1, parked.Attempts);
    }

    private async Task<DeadLetter> DeadLetterAsync(string eventId)
    {
        var letters = await fixture.Mesh.ConnectorsAdmin.ListDeadLettersAsync(new ListDeadLettersRequest { Status = DeadLetterStatus.Parked, PageSize = 500 });
        return Assert.Single(letters.DeadLetters, d => d.EventId == eventId);
    }
}
