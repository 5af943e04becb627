using Grpc.Core;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;
using static Integration.Catalog.Tests.CatalogWrites;

namespace Integration.Security.Tests;

/// <summary>
/// With Auth:Mode=Jwt the ownership registry judges the system the token proves, not the one a caller names: the
/// storefront's client cannot pass itself off as the ERP to change an ERP-owned cost.
/// </summary>
public sealed class SourceSystemTests : IAsyncLifetime
{
    private IdentityProvider _issuer = null!;
    private SecuredCatalog _catalog = null!;
    private CatalogService.CatalogServiceClient _erp = null!;
    private CatalogService.CatalogServiceClient _storefront = null!;

    public async Task InitializeAsync()
    {
        _issuer = await IdentityProvider.StartAsync();
        _catalog = new SecuredCatalog(_issuer, new Dictionary<string, string> { ["erp-sync"] = "erp", ["connectors"] = "storefront" });
        _erp = new CatalogService.CatalogServiceClient(_catalog.Caller(_issuer.Issue("catalog.write catalog.read", subject: "erp-sync", clientId: "erp-sync")));
        _storefront = new CatalogService.CatalogServiceClient(_catalog.Caller(_issuer.Issue("catalog.write catalog.read", subject: "connectors", clientId: "connectors")));
    }

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_write_without_a_source_system_is_the_callers_configured_one()
    {
        var created = await _erp.UpsertProductAsync(Write("", 1, Tee("p-1", "TEE-1", cost: 4.20m)));
        var changes = await _erp.ListProductChangesAsync(new ListProductChangesRequest { ProductId = "p-1" });

        Assert.True(created.Created);
        Assert.Equal("erp", Assert.Single(changes.Changes).ChangedBy);
    }

    [Fact]
    public async Task The_storefront_cannot_write_as_the_erp()
    {
        await _erp.UpsertProductAsync(Write("erp", 1, Tee("p-2", "TEE-2", cost: 4.20m)));

        var forged = await Assert.ThrowsAsync<RpcException>(() =>
            _storefront.UpsertProductAsync(Write("erp", 2, Tee("p-2", "TEE-2", cost: 0.01m), "variants.unit_cost")).ResponseAsync);
        var stored = await _erp.GetProductAsync(new GetProductRequest { ProductId = "p-2" });

        Assert.Equal(StatusCode.PermissionDenied, forged.StatusCode);
        Assert.Contains("source_system 'erp' is not the authenticated caller ('storefront')", forged.Status.Detail);
        Assert.Equal(4.20m, stored.Product.Variants.Single().UnitCost.ToDecimal());
    }

    [Fact]
    public async Task As_itself_the_storefront_changes_its_own_fields_and_the_registry_judges_the_rest()
    {
        await _erp.UpsertProductAsync(Write("erp", 1, Tee("p-3", "TEE-3", cost: 4.20m)));

        var title = await _storefront.UpsertProductAsync(Write("", 2, Tee("p-3", "TEE-3", title: "Summer tee"), "title"));
        var cost = await Assert.ThrowsAsync<RpcException>(() =>
            _storefront.UpsertProductAsync(Write("", 3, Tee("p-3", "TEE-3", cost: 0.01m), "variants.unit_cost")).ResponseAsync);

        Assert.Equal("Summer tee", title.Product.Title);
        Assert.Equal(StatusCode.FailedPrecondition, cost.StatusCode);
    }

    [Fact]
    public async Task A_client_with_no_configured_system_writes_as_none()
    {
        var stranger = new CatalogService.CatalogServiceClient(_catalog.Caller(_issuer.Issue("catalog.write", subject: "someone", clientId: "someone")));

        var refused = await Assert.ThrowsAsync<RpcException>(() => stranger.UpsertProductAsync(Write("", 1, Tee("p-4", "TEE-4"))).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("Auth:Systems:someone", refused.Status.Detail);
    }
}
