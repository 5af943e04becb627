using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Integration.Connectors.Availability;

/// <summary>
/// Sets a Shopify inventory item's <c>available</c> quantity at a location with the Admin GraphQL API's
/// <c>inventorySetQuantities</c> (API 2026-04): compare-and-swap through <c>changeFromQuantity</c> (mandatory since
/// 2026-04) on the quantity we last pushed (or read, the first time), and the required <c>@idempotent</c> key, derived from
/// the push itself so a retried request after a lost answer is recognised by Shopify rather than applied twice. When
/// Shopify's quantity moved meanwhile (CHANGE_FROM_QUANTITY_STALE: it sold units we have not heard of yet) the current
/// value is read and the set is made once more against it: Inventory owns available-to-sell, and an order Shopify
/// took meanwhile reaches Inventory and comes back as the next availability change. The inventory item is Catalog's
/// external id of kind "inventory_item" for the channel; the location is the channel's location id.
/// </summary>
internal sealed class ShopifyInventoryPusher(IHttpClientFactory http, ChannelSkus skus, IConfiguration configuration) : IChannelStockPusher
{
    public const string HttpClientName = "shopify-admin";

    /// <summary>The Admin API version whose call shape this implements.</summary>
    public const string DefaultApiVersion = "2026-04";

    private const string ReadAvailable = """
        query InventoryLevel($inventoryItemId: ID!, $locationId: ID!) {
          inventoryItem(id: $inventoryItemId) {
            id
            inventoryLevel(locationId: $locationId) { id quantities(names: ["available"]) { name quantity } }
          }
        }
        """;

    private const string SetAvailable = """
        mutation SetAvailable($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
            inventoryAdjustmentGroup { createdAt reason referenceDocumentUri changes { name delta quantityAfterChange } }
            userErrors { code field message }
          }
        }
        """;

    public string Kind => "shopify";

    public async Task<PushOutcome> PushAsync(StockPush push, CancellationToken ct)
    {
        var item = await skus.ExternalIdAsync(push.ChannelName, push.Sku, "inventory_item", ct);
        if (item is null)
        {
            return PushOutcome.NotSold;
        }

        var itemId = Gid("InventoryItem", item);
        var locationId = Gid("Location", push.ChannelLocationId);
        var target = Math.Max(0, push.Available);
        var expected = push.PreviousAvailable;
        if (expected is null)
        {
            expected = await ReadAsync(push, itemId, locationId, ct);
            if (expected is null)
            {
                return PushOutcome.NotSold;
            }

            if (expected == target)
            {
                return PushOutcome.Unchanged;
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var answer = await SetAsync(push, itemId, locationId, target, expected.Value, ct);
            var result = answer.GetProperty("data").GetProperty("inventorySetQuantities");
            var errors = result.GetProperty("userErrors");
            if (errors.GetArrayLength() == 0)
            {
                return PushOutcome.Pushed;
            }

            var codes = errors.EnumerateArray().Select(e => e.TryGetProperty("code", out var c) ? c.GetString() : null).ToList();
            if (attempt == 0 && codes.Any(c => c is "CHANGE_FROM_QUANTITY_STALE" or "COMPARE_QUANTITY_STALE"))
            {
                expected = await ReadAsync(push, itemId, locationId, ct)
                    ?? throw new ChannelPushException($"Shopify ({push.ChannelName}) no longer stocks {push.Sku} at {push.ChannelLocationId}", errors.GetRawText(), permanent: true);
                continue;
            }

            // A second stale answer is a race still going on: the event is retried later. Anything else is a refusal.
            var transient = codes.All(c => c is "CHANGE_FROM_QUANTITY_STALE" or "COMPARE_QUANTITY_STALE" or "IDEMPOTENCY_CONCURRENT_REQUEST");
            throw new ChannelPushException(
                $"Shopify ({push.ChannelName}) refused setting {push.Sku} at {push.ChannelLocationId} to {target}: {string.Join(", ", codes)}", errors.GetRawText(), permanent: !transient);
        }
    }

    private async Task<long?> ReadAsync(StockPush push, string itemId, string locationId, CancellationToken ct)
    {
        var answer = await PostAsync(push, ReadAvailable, new { inventoryItemId = itemId, locationId }, ct);
        var item = answer.GetProperty("data").GetProperty("inventoryItem");
        if (item.ValueKind == JsonValueKind.Null
            || !item.TryGetProperty("inventoryLevel", out var level) || level.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return level.GetProperty("quantities").EnumerateArray()
            .Where(q => q.GetProperty("name").GetString() == "available")
            .Select(q => (long?)q.GetProperty("quantity").GetInt64())
            .FirstOrDefault();
    }

    private Task<JsonElement> SetAsync(StockPush push, string itemId, string locationId, long target, long expected, CancellationToken ct)
    {
        var input = new
        {
            name = "available",
            reason = "correction",
            referenceDocumentUri = $"gid://integration/AvailabilityChange/{Uri.EscapeDataString(push.Sku)}-{Uri.EscapeDataString(push.ChannelLocationId)}-{push.Sequence.ToString(CultureInfo.InvariantCulture)}",
            quantities = new[] { new { inventoryItemId = itemId, locationId, quantity = target, changeFromQuantity = expected } },
        };
        return PostAsync(push, SetAvailable, new { input, idempotencyKey = IdempotencyKey(push.ChannelName, itemId, locationId, target, expected, push.Sequence) }, ct);
    }

    private async Task<JsonElement> PostAsync(StockPush push, string query, object variables, CancellationToken ct)
    {
        var shop = push.Channel.ApiUrl ?? throw new ChannelPushException($"channel {push.ChannelName} has no ApiUrl (the shop's address)", string.Empty, permanent: true);
        var token = push.Channel.ApiUser ?? push.Channel.ApiPassword
            ?? throw new ChannelPushException($"channel {push.ChannelName} has no Admin API access token (ApiUser)", string.Empty, permanent: true);
        var version = configuration["Connectors:Shopify:AdminApiVersion"] ?? DefaultApiVersion;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(shop, $"admin/api/{version}/graphql.json"))
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        request.Headers.Add("X-Shopify-Access-Token", token);
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new ChannelPushException($"Shopify ({push.ChannelName}) unreachable: {ex.Message}", ex.Message, permanent: false, ex);
        }

        if ((int)status is < 200 or > 299)
        {
            // 401/403/404: wrong token, missing scope or shop: no retry helps. 429 and 5xx were already retried.
            var permanent = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest;
            throw new ChannelPushException($"Shopify ({push.ChannelName}) answered HTTP {(int)status}", text, permanent);
        }

        var body = JsonDocument.Parse(text).RootElement.Clone();
        if (body.TryGetProperty("errors", out var errors))
        {
            // Top-level GraphQL errors: THROTTLED (cost limit) passes with time; a malformed query does not.
            var throttled = errors.ValueKind == JsonValueKind.Array && errors.EnumerateArray().Any(e =>
                e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) && c.GetString() == "THROTTLED");
            throw new ChannelPushException($"Shopify ({push.ChannelName}) answered with errors", errors.GetRawText(), permanent: !throttled);
        }

        return body;
    }

    private static string Gid(string type, string id) =>
        id.StartsWith("gid://", StringComparison.Ordinal) ? id : $"gid://shopify/{type}/{id}";

    // The same push (same target, same expected value) always gets the same key, so Shopify answers a retry with the
    // first result; a different push can never reuse one (IDEMPOTENCY_KEY_PARAMETER_MISMATCH).
    private static string IdempotencyKey(string channel, string item, string location, long target, long expected, long sequence)
    {
        var text = string.Join('|', channel, item, location, target.ToString(CultureInfo.InvariantCulture),
            expected.ToString(CultureInfo.InvariantCulture), sequence.ToString(CultureInfo.InvariantCulture));
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16)).ToString();
    }
}
