using Grpc.Core;
using Integration.Contracts.Order.V1;
using Integration.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Integration.Security.Tests;

/// <summary>A service calling a peer gets its own token from the issuer (client credentials) and sends it on every call.</summary>
public sealed class ServiceTokenTests : SecuredOrderTests
{
    protected override SecuredOrder CreateOrder(IdentityProvider issuer)
    {
        issuer.RegisterClient("connectors", "connectors-secret", "order.write", "order.read");
        issuer.RegisterClient("reporting", "reporting-secret", "order.read");
        return new SecuredOrder(issuer);
    }

    [Fact]
    public async Task A_client_with_the_write_scope_records_orders_and_reuses_its_token()
    {
        await using var caller = Caller("connectors", "connectors-secret", "order.write order.read");
        var client = caller.GetRequiredService<OrderService.OrderServiceClient>();

        var first = await client.IngestOrderAsync(SampleOrders.Ingest("2001"));
        await client.IngestOrderAsync(SampleOrders.Ingest("2002"));
        var read = await client.GetOrderAsync(new GetOrderRequest { OrderId = first.Order.OrderId });

        Assert.Equal("2001", read.Order.ExternalOrderId);
        Assert.Equal(1, Issuer.TokensIssued);
    }

    [Fact]
    public async Task A_client_the_issuer_grants_only_reading_cannot_write()
    {
        // It asks for order.write too; the issuer grants what the client is registered for, and the service decides.
        await using var caller = Caller("reporting", "reporting-secret", "order.write order.read");
        var client = caller.GetRequiredService<OrderService.OrderServiceClient>();

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("2003")).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task A_client_with_a_wrong_secret_gets_no_token_and_the_call_fails_saying_so()
    {
        await using var caller = Caller("connectors", "not-the-secret", "order.write");
        var client = caller.GetRequiredService<OrderService.OrderServiceClient>();

        var failure = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("2004")).ResponseAsync);

        Assert.Contains("refused this service a token", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Issuer.TokensIssued);
    }

    /// <summary>The same wiring a service uses (AddGrpcClient + AddServiceToken), pointed at the in-memory Order service.</summary>
    private ServiceProvider Caller(string clientId, string secret, string scope)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new AuthOptions
        {
            Mode = AuthMode.Jwt, Authority = Issuer.Authority, Audience = "integration", RequireHttpsMetadata = false,
            Client = new AuthClientOptions { Id = clientId, Secret = secret, Scope = scope },
        }));
        services.AddHttpClient(ServiceTokenSource.HttpClientName);
        services.AddGrpcClient<OrderService.OrderServiceClient>(o => o.Address = Order.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => Order.Server.CreateHandler())
            .AddServiceToken();
        return services.BuildServiceProvider();
    }
}
