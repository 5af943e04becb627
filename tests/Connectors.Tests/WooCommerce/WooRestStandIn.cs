using System.Text;
using Integration.Connectors.Tests.Availability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Integration.Connectors.Tests.WooCommerce;

/// <summary>
/// A local stand-in for a WooCommerce store's REST API v3 on a loopback port, for the one call the connector makes:
/// <c>GET /wp-json/wc/v3/orders/{id}/refunds</c> with the REST key as HTTP Basic. It answers as WooCommerce documents:
/// the refund objects of the order (the documented response), 401 with WooCommerce's error body for a wrong key, 404
/// with <c>woocommerce_rest_shop_order_invalid_id</c> for an unknown order. A real store cannot be reached from here.
/// </summary>
public sealed class WooRestStandIn : IAsyncDisposable
{
    public const string ConsumerKey = "ck_standin_0123456789";
    public const string ConsumerSecret = "cs_standin_9876543210";

    private readonly Dictionary<string, string> _refunds = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The paths (and queries) asked for, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<WooRestStandIn> StartAsync()
    {
        var standIn = new WooRestStandIn();
        (standIn._app, standIn.BaseAddress) = await LoopbackApp.StartAsync(app => app.MapGet("/wp-json/wc/v3/orders/{id}/refunds", standIn.Refunds));
        return standIn;
    }

    /// <summary>The store has these refunds (a JSON array as the API returns it) for the order.</summary>
    public void Has(string orderId, string refundsJson)
    {
        lock (_refunds)
        {
            _refunds[orderId] = refundsJson;
        }
    }

    private IResult Refunds(string id, HttpRequest request)
    {
        lock (_requests)
        {
            _requests.Add(request.Path + request.QueryString);
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));
        if (request.Headers.Authorization.ToString() != expected)
        {
            return Error(StatusCodes.Status401Unauthorized, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }

        lock (_refunds)
        {
            return _refunds.TryGetValue(id, out var json)
                ? Results.Text(json, "application/json", Encoding.UTF8)
                : Error(StatusCodes.Status404NotFound, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { code, message, data = new { status } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
