using System.Net;
using System.Net.Http.Headers;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;

namespace Integration.Security.Tests;

/// <summary>With Dapr's app token configured, only a caller presenting it can deliver events (the sidecar).</summary>
public sealed class AppTokenTests : SecuredOrderTests
{
    private const string Token = "s3cret-app-token-from-the-dapr-annotation";

    protected override SecuredOrder CreateOrder(IdentityProvider issuer) => new(issuer, appApiToken: Token);

    [Theory]
    [InlineData(null)]
    [InlineData("guessed-token")]
    public async Task An_event_without_the_app_token_is_refused_and_has_no_effect(string? presented)
    {
        using var http = Order.CreateClient();
        using var response = await http.SendAsync(EventRequest("evt-refused", presented));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The sidecar itself can still ask what to subscribe to only with the token.
        using var subscribe = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(subscribe)).StatusCode);
    }

    [Fact]
    public async Task The_sidecar_presenting_the_app_token_delivers()
    {
        using var http = Order.CreateClient();
        using var response = await http.SendAsync(EventRequest("evt-accepted", Token));
        using var subscribe = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        subscribe.Headers.Add("dapr-api-token", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(subscribe)).StatusCode);
    }

    private static HttpRequestMessage EventRequest(string id, string? token)
    {
        var evt = new StockReserved { ReservationId = $"order:{id}:1", OrderId = id };
        var type = EventTypes.Of(evt);
        var received = new ReceivedEvent(id, type, "inventory", null, DateTimeOffset.UtcNow, null, EventJson.Format(evt));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{type}/StockReservedHandler");
        request.Content = new ByteArrayContent(CloudEventCodec.Encode(received));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        if (token is not null)
        {
            request.Headers.Add("dapr-api-token", token);
        }

        return request;
    }
}
