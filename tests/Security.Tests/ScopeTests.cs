using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Integration.Contracts.Admin.V1;
using Integration.Contracts.Order.V1;
using Microsoft.IdentityModel.Tokens;
using System.Security.Cryptography;

namespace Integration.Security.Tests;

/// <summary>With Auth:Mode=Jwt a caller needs a valid token from the trusted issuer carrying the RPC's scope.</summary>
public sealed class ScopeTests : SecuredOrderTests
{
    [Fact]
    public async Task Without_a_token_every_rpc_is_unauthenticated()
    {
        var client = new OrderService.OrderServiceClient(Order.Caller(token: null));

        var read = await Assert.ThrowsAsync<RpcException>(() => client.GetOrderAsync(Lookup()).ResponseAsync);
        var write = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("1001")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, read.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, write.StatusCode);
    }

    [Fact]
    public async Task A_read_scope_reads_but_may_not_write()
    {
        var client = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("order.read")));

        // Past authorization: the service itself answers that no such order exists.
        var read = await Assert.ThrowsAsync<RpcException>(() => client.GetOrderAsync(Lookup()).ResponseAsync);
        var write = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("1002")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, read.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, write.StatusCode);
    }

    [Fact]
    public async Task A_write_scope_records_an_order_and_a_read_scope_sees_it()
    {
        var writer = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("order.write")));
        var reader = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("catalog.read order.read")));

        var stored = await writer.IngestOrderAsync(SampleOrders.Ingest("1003"));
        var read = await reader.GetOrderAsync(new GetOrderRequest { OrderId = stored.Order.OrderId });

        Assert.Equal("1003", read.Order.ExternalOrderId);
    }

    [Fact]
    public async Task Another_services_scope_does_not_open_this_one()
    {
        var client = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("inventory.write ledger.admin")));

        var write = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("1004")).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, write.StatusCode);
    }

    [Fact]
    public async Task Dead_letter_replay_needs_the_services_admin_scope_listing_its_read_scope()
    {
        var reader = new AdminService.AdminServiceClient(Order.Caller(Issuer.Issue("order.read order.write")));
        var admin = new AdminService.AdminServiceClient(Order.Caller(Issuer.Issue("order.admin", subject: "ops@example.com")));
        var replay = new ReplayDeadLettersRequest { DeadLetterIds = { "dl-unknown" }, Actor = "ops@example.com", Reason = "fixed the mapping" };

        await reader.ListDeadLettersAsync(new ListDeadLettersRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => reader.ReplayDeadLettersAsync(replay).ResponseAsync);
        var passed = await Assert.ThrowsAsync<RpcException>(() => admin.ReplayDeadLettersAsync(replay).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        // Past authorization: the service answers about the dead letter itself.
        Assert.NotEqual(StatusCode.PermissionDenied, passed.StatusCode);
        Assert.NotEqual(StatusCode.Unauthenticated, passed.StatusCode);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong audience")]
    [InlineData("signed by another key")]
    [InlineData("another issuer")]
    public async Task A_token_the_service_cannot_trust_is_unauthenticated_whatever_its_scopes(string flaw)
    {
        using var stranger = RSA.Create(2048);
        var token = flaw switch
        {
            "expired" => Issuer.Issue("order.write", lifetime: TimeSpan.FromMinutes(-10)),
            "wrong audience" => Issuer.Issue("order.write", audience: "someone-else"),
            "signed by another key" => Issuer.Issue("order.write", signedBy: new RsaSecurityKey(stranger) { KeyId = Issuer.SigningKey.KeyId }),
            _ => Issuer.Issue("order.write", issuer: "https://impostor.example.com"),
        };
        var client = new OrderService.OrderServiceClient(Order.Caller(token));

        var write = await Assert.ThrowsAsync<RpcException>(() => client.IngestOrderAsync(SampleOrders.Ingest("1005")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, write.StatusCode);
    }

    [Fact]
    public async Task Probes_need_no_token()
    {
        using var http = Order.CreateClient();
        var health = new Health.HealthClient(Order.Caller(token: null));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    private static GetOrderRequest Lookup() =>
        new() { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = "999999" } };
}
