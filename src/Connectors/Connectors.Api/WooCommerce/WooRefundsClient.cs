using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Integration.Connectors.Channels;
using Integration.Connectors.Webhooks;

namespace Integration.Connectors.WooCommerce;

/// <summary>
/// WooCommerce REST v3 <c>GET /wp-json/wc/v3/orders/{id}/refunds</c>: an order webhook lists its refunds as id, reason
/// and total only; the refund objects carry the lines (which order line, how many units, amount and tax). Authenticated
/// with the channel's REST API key as HTTP Basic (consumer key = <see cref="ChannelOptions.ApiUser"/>, consumer secret =
/// <see cref="ChannelOptions.ApiPassword"/>), as WooCommerce accepts over HTTPS.
/// </summary>
public sealed class WooRefundsClient(IHttpClientFactory http)
{
    public const string HttpClientName = "woocommerce-rest";

    // WooCommerce's largest page; an order with more refunds than this is not a real case.
    private const int PageSize = 100;

    /// <summary>Whether the channel has the REST API address and key this needs.</summary>
    public static bool IsConfigured(ChannelOptions channel) =>
        channel.ApiUrl is not null && !string.IsNullOrEmpty(channel.ApiUser) && !string.IsNullOrEmpty(channel.ApiPassword);

    /// <summary>
    /// The order's refunds as WooCommerce returns them (a JSON array). A store that cannot answer now (5xx, 429, network)
    /// throws <see cref="HttpRequestException"/>, retried with backoff; a refused key or an unknown order is a
    /// <see cref="MappingException"/> with the store's answer, for an operator.
    /// </summary>
    public async Task<JsonDocument> RefundsAsync(ChannelOptions channel, string orderId, CancellationToken ct)
    {
        var address = new Uri(channel.ApiUrl!, $"wp-json/wc/v3/orders/{Uri.EscapeDataString(orderId)}/refunds?per_page={PageSize}");
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{channel.ApiUser}:{channel.ApiPassword}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"WooCommerce answered {(int)response.StatusCode} for the refunds of order {orderId}", null, response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new MappingException($"WooCommerce refused the refunds of order {orderId}: {(int)response.StatusCode} {Excerpt(text)}");
        }

        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                document.Dispose();
                throw new MappingException($"WooCommerce's refunds of order {orderId} are not a list: {Excerpt(text)}");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new MappingException($"WooCommerce's refunds of order {orderId} are not JSON: {ex.Message}");
        }
    }

    private static string Excerpt(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
