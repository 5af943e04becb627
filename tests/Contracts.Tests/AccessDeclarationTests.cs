using Integration.Contracts.Auth.V1;
using Integration.ServiceDefaults.Security;

namespace Integration.Contracts.Tests;

/// <summary>Every RPC says what access it needs; an undeclared one would silently become admin-only.</summary>
public sealed class AccessDeclarationTests
{
    [Fact]
    public void Every_rpc_declares_its_access_level()
    {
        var methods = AccessCatalog.ContractFiles().SelectMany(f => f.Services).SelectMany(s => s.Methods).ToList();
        Assert.True(methods.Count > 40, $"only {methods.Count} RPCs found: the contracts were not all read");

        var undeclared = methods.Where(m => !(m.GetOptions()?.HasExtension(AccessExtensions.Access) ?? false)).Select(m => m.FullName).ToList();

        Assert.True(undeclared.Count == 0, $"RPCs without (integration.auth.v1.access): {string.Join(", ", undeclared)}");
    }

    [Theory]
    [InlineData("/integration.order.v1.OrderService/IngestOrder", "order.write")]
    [InlineData("/integration.order.v1.OrderService/GetOrder", "order.read")]
    [InlineData("/integration.ledger.v1.PeriodService/ClosePeriod", "ledger.admin")]
    [InlineData("/integration.admin.v1.AdminService/ReplayDeadLetters", "inventory.admin")]
    [InlineData("/integration.admin.v1.AdminService/ListDeadLetters", "inventory.read")]
    public void A_method_needs_its_services_scope_at_its_level(string method, string scope) =>
        Assert.Equal(scope, new AccessCatalog("inventory").ScopeFor(method));
}
