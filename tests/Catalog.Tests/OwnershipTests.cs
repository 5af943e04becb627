using Grpc.Core;
using Integration.Catalog.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Catalog.Tests.CatalogWrites;

namespace Integration.Catalog.Tests;

public sealed class OwnershipTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly CatalogService.CatalogServiceClient _client = new(factory.CreateGrpcChannel());

    [Fact]
    public async Task Each_owner_writes_its_own_fields()
    {
        await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-1", "OWN-1-M")));
        var content = new Product { ProductId = "OWN-1", Title = "The classic tee", SeoTitle = "Classic cotton tee", Handle = "classic-tee" };
        content.Media.Add(new MediaReference { Url = "https://cdn.example.com/tee.jpg", AltText = "Tee, front" });
        var storefront = await _client.UpsertProductAsync(Write("storefront", 1, content, "title", "seo_title", "handle", "media"));
        var price = Tee("OWN-1", "OWN-1-M", cost: 4.40m);
        var erp = await _client.UpsertProductAsync(Write("erp", 2, price, "variants.unit_cost"));

        Assert.Equal(["title", "seo_title", "handle", "media"], storefront.AppliedFields);
        Assert.Equal(["variants[OWN-1-M].unit_cost"], erp.AppliedFields);
        Assert.Equal("The classic tee", erp.Product.Title);
        Assert.Equal("https://cdn.example.com/tee.jpg", erp.Product.Media.Single().Url);
        Assert.Equal(4.40m, erp.Product.Variants[0].UnitCost.ToDecimal());
        Assert.Equal(3, erp.Product.Version);
        Assert.Empty(erp.Conflicts);
    }

    [Fact]
    public async Task A_storefront_write_to_an_erp_field_is_rejected_naming_field_and_owner_and_changes_nothing()
    {
        var created = await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-2", "OWN-2-M")));
        var cheaper = Tee("OWN-2", "OWN-2-M", cost: 1.00m, title: "Cheap tee");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertProductAsync(Write("storefront", 5, cheaper, "title", "variants.unit_cost")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("variants[OWN-2-M].unit_cost is owned by erp", error.Status.Detail, StringComparison.Ordinal);
        var stored = await _client.GetProductAsync(new GetProductRequest { ProductId = "OWN-2" });
        // Atomic: the storefront's own field in the same write was not applied either.
        Assert.Equal(created.Product, stored.Product);
    }

    [Fact]
    public async Task A_storefront_cannot_create_a_product()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertProductAsync(Write("storefront", 1, Tee("OWN-3", "OWN-3-M"))).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("owned by erp", error.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _client.GetProductAsync(new GetProductRequest { ProductId = "OWN-3" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_erp_write_to_storefront_content_is_recorded_once_not_applied_and_an_operator_resolves_it()
    {
        await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-4", "OWN-4-M", title: "TEE CLASSIC 180G")));
        await _client.UpsertProductAsync(Write("storefront", 1, new Product { ProductId = "OWN-4", Title = "The classic tee", Description = "Soft." }, "title", "description"));

        var erpAgain = Tee("OWN-4", "OWN-4-M", title: "TEE CLASSIC 180G V2");
        erpAgain.Description = "Cotton 180g";
        var first = await _client.UpsertProductAsync(Write("erp", 2, erpAgain, "title", "description"));
        var redelivered = await _client.UpsertProductAsync(Write("erp", 2, erpAgain, "title", "description"));

        Assert.Empty(first.AppliedFields);
        Assert.Equal("The classic tee", first.Product.Title);
        Assert.Equal(["title", "description"], first.Conflicts.Select(c => c.Field));
        Assert.Equal(first.Conflicts.Select(c => c.ConflictId), redelivered.Conflicts.Select(c => c.ConflictId));
        var open = await _client.ListConflictsAsync(new ListConflictsRequest { ProductId = "OWN-4", State = ConflictState.Open });
        Assert.Equal(2, open.Conflicts.Count);
        var title = open.Conflicts.Single(c => c.Field == "title");
        Assert.Equal(("storefront", "erp", "The classic tee", "TEE CLASSIC 180G V2"), (title.Owner, title.Writer, title.StoredValue, title.AttemptedValue));

        var dismissed = await _client.ResolveConflictAsync(new ResolveConflictRequest { ConflictId = title.ConflictId, Actor = "ana", Reason = "storefront copy is right" });
        var description = open.Conflicts.Single(c => c.Field == "description");
        var accepted = await _client.ResolveConflictAsync(new ResolveConflictRequest { ConflictId = description.ConflictId, Accept = true, Actor = "ana", Reason = "use ERP text" });
        var twice = await Assert.ThrowsAsync<RpcException>(() =>
            _client.ResolveConflictAsync(new ResolveConflictRequest { ConflictId = title.ConflictId, Actor = "ana", Reason = "again" }).ResponseAsync);

        Assert.Equal(ConflictState.Dismissed, dismissed.Conflict.State);
        Assert.Null(dismissed.Product);
        Assert.Equal(ConflictState.Accepted, accepted.Conflict.State);
        Assert.Equal("The classic tee", accepted.Product.Title);
        Assert.Equal("Cotton 180g", accepted.Product.Description);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var history = await _client.ListProductChangesAsync(new ListProductChangesRequest { ProductId = "OWN-4" });
        var last = history.Changes[0];
        Assert.Equal(("operator:ana", accepted.Product.Version), (last.ChangedBy, last.Version));
        Assert.Equal(("description", "Soft.", "Cotton 180g"), (last.Fields[0].Field, last.Fields[0].OldValue, last.Fields[0].NewValue));
        Assert.Empty((await _client.ListConflictsAsync(new ListConflictsRequest { ProductId = "OWN-4", State = ConflictState.Open })).Conflicts);
    }

    [Fact]
    public async Task A_stale_write_is_ignored_and_reported_and_the_same_value_is_not_a_change()
    {
        await _client.UpsertProductAsync(Write("erp", 10, Tee("OWN-5", "OWN-5-M", cost: 5.00m)));
        var stale = await _client.UpsertProductAsync(Write("erp", 7, Tee("OWN-5", "OWN-5-M", cost: 3.00m), "variants.unit_cost"));
        var same = await _client.UpsertProductAsync(Write("erp", 11, Tee("OWN-5", "OWN-5-M", cost: 5.00m), "variants.unit_cost"));
        // 4.2 and 4.20 are one amount: the canonical form compares them as equal.
        var scale = Tee("OWN-5", "OWN-5-M");
        scale.Variants[0].UnitCost = new Contracts.Common.V1.Money { CurrencyCode = "EUR", Units = 5 };
        var sameScale = await _client.UpsertProductAsync(Write("erp", 12, scale, "variants.unit_cost"));

        Assert.Equal(["variants[OWN-5-M].unit_cost"], stale.StaleFields);
        Assert.Empty(stale.AppliedFields);
        Assert.Equal(5.00m, stale.Product.Variants[0].UnitCost.ToDecimal());
        Assert.Equal(1, stale.Product.Version);
        Assert.Empty(same.AppliedFields);
        Assert.Empty(sameScale.AppliedFields);
        Assert.Equal(1, sameScale.Product.Version);
        // The newer stamp from the identical write makes version 11 stale too.
        var afterSame = await _client.UpsertProductAsync(Write("erp", 11, Tee("OWN-5", "OWN-5-M", cost: 6.00m), "variants.unit_cost"));
        Assert.Equal(["variants[OWN-5-M].unit_cost"], afterSame.StaleFields);
    }

    [Fact]
    public async Task Every_accepted_change_is_one_audited_version_and_one_event_with_its_fields()
    {
        await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-6", "OWN-6-M")));
        await _client.UpsertProductAsync(Write("erp", 2, Tee("OWN-6", "OWN-6-M", cost: 4.50m), "variants.unit_cost"));
        await _client.UpsertProductAsync(Write("erp", 3, Tee("OWN-6", "OWN-6-M", cost: 4.50m), "variants.unit_cost"));

        var history = await _client.ListProductChangesAsync(new ListProductChangesRequest { ProductId = "OWN-6" });
        Assert.Equal([2L, 1L], history.Changes.Select(c => c.Version));
        var cost = history.Changes[0].Fields.Single();
        Assert.Equal(("variants[OWN-6-M].unit_cost", "4.20 EUR", "4.50 EUR"), (cost.Field, cost.OldValue, cost.NewValue));
        Assert.Contains(history.Changes[1].Fields, f => f.Field == "variants[OWN-6-M].sku");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var events = (await db.Set<OutboxMessage>().Where(m => m.AggregateKey == "product/OWN-6").OrderBy(m => m.Id).ToListAsync())
            .Select(m => ProductChanged.Parser.WithDiscardUnknownFields(true).ParseJson(m.Data)).ToList();
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.True(events[0].Created);
        Assert.Equal(["variants[OWN-6-M].unit_cost"], events[1].ChangedFields);
        Assert.Equal(4.50m, events[1].Variants[0].UnitCost.ToDecimal());
    }

    [Fact]
    public async Task Channel_ids_find_the_product_and_cannot_be_claimed_twice()
    {
        var first = Tee("OWN-7", "OWN-7-M");
        first.Variants[0].ExternalIds.Add(new ExternalId { Channel = "shopify-eu", Kind = "variant", Value = "39072856" });
        await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-7", "OWN-7-M")));
        await _client.UpsertProductAsync(Write("storefront", 1, first, "variants.external_ids"));
        await _client.UpsertProductAsync(Write("erp", 1, Tee("OWN-8", "OWN-8-M")));
        var thief = Tee("OWN-8", "OWN-8-M");
        thief.Variants[0].ExternalIds.Add(new ExternalId { Channel = "shopify-eu", Kind = "variant", Value = "39072856" });

        var found = await _client.GetProductAsync(new GetProductRequest { ExternalId = new ExternalId { Channel = "shopify-eu", Kind = "variant", Value = "39072856" } });
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertProductAsync(Write("storefront", 2, thief, "variants.external_ids")).ResponseAsync);

        Assert.Equal("OWN-7", found.Product.ProductId);
        Assert.Equal("39072856", found.Product.Variants[0].ExternalIds.Single().Value);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("SKU OWN-7-M of product OWN-7", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_in_force_is_readable()
    {
        var registry = await _client.GetOwnershipRegistryAsync(new GetOwnershipRegistryRequest());

        Assert.Contains(registry.Rules, r => r is { Entity: "variant", Field: "unit_cost", Owner: "erp", Policy: "reject" });
        Assert.Contains(registry.Rules, r => r is { Entity: "product", Field: "title", Owner: "storefront", Policy: "record" });
        Assert.Equal(19, registry.Rules.Count);
    }
}
