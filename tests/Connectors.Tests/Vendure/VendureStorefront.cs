using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>
/// What a shopper and a merchant do in Vendure, through its own Shop and Admin GraphQL APIs: check out an order, settle
/// a payment, fulfil and ship, refund, cancel, create a product, read a variant's stock.
/// </summary>
public sealed class VendureStorefront(VendureProcess vendure) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private string? _adminToken;

    /// <summary>Checks out one order as a guest (own session): lines, address, shipping, then the payment method.</summary>
    public async Task<PlacedOrder> PlaceOrderAsync(IReadOnlyList<(string VariantId, int Quantity)> lines, string paymentMethod = "dummy-settle")
    {
        string? token = null;
        async Task<JsonElement> Shop(string query, object? variables = null)
        {
            var (data, next) = await PostAsync(vendure.ShopApi, token, query, variables);
            token = next ?? token;
            return data;
        }

        foreach (var (variantId, quantity) in lines)
        {
            Ok(await Shop("mutation($v:ID!,$q:Int!){ addItemToOrder(productVariantId:$v,quantity:$q){ ... on Order { id } ... on ErrorResult { errorCode message } } }",
                new { v = variantId, q = quantity }), "addItemToOrder");
        }

        Ok(await Shop("""mutation{ setCustomerForOrder(input:{emailAddress:"shopper@example.com",firstName:"Ada",lastName:"Shopper"}){ ... on Order { id } ... on ErrorResult { errorCode message } } }"""), "setCustomerForOrder");
        Ok(await Shop("""mutation{ setOrderShippingAddress(input:{fullName:"Ada Shopper",streetLine1:"Hauptstr. 1",city:"Berlin",postalCode:"10115",countryCode:"DE"}){ ... on Order { id } ... on ErrorResult { errorCode message } } }"""), "setOrderShippingAddress");
        var methods = await Shop("{ eligibleShippingMethods { id code } }");
        var shippingId = methods.GetProperty("eligibleShippingMethods").EnumerateArray().First(m => m.GetProperty("code").GetString() == "standard").GetProperty("id").GetString();
        Ok(await Shop("mutation($id:[ID!]!){ setOrderShippingMethod(shippingMethodId:$id){ ... on Order { id } ... on ErrorResult { errorCode message } } }", new { id = new[] { shippingId } }), "setOrderShippingMethod");
        Ok(await Shop("""mutation{ transitionOrderToState(state:"ArrangingPayment"){ ... on Order { id } ... on ErrorResult { errorCode message } } }"""), "transitionOrderToState");
        var paid = Ok(await Shop("mutation($m:String!){ addPaymentToOrder(input:{method:$m,metadata:{}}){ ... on Order { id code state totalWithTax lines { id } payments { id } } ... on ErrorResult { errorCode message } } }",
            new { m = paymentMethod }), "addPaymentToOrder");
        return new PlacedOrder(
            paid.GetProperty("id").GetString()!, paid.GetProperty("code").GetString()!, paid.GetProperty("state").GetString()!,
            paid.GetProperty("totalWithTax").GetInt64(),
            [.. paid.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("id").GetString()!)],
            [.. paid.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)]);
    }

    /// <summary>A new product with one variant of <paramref name="sku"/>, stocked per Vendure stock location id.</summary>
    public async Task<string> CreateVariantAsync(string sku, long price, IReadOnlyDictionary<string, int> stock)
    {
        var product = await AdminAsync("mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }", new
        {
            i = new { enabled = true, translations = new[] { new { languageCode = "en", name = sku, slug = sku.ToLowerInvariant(), description = sku } } },
        });
        var variants = await AdminAsync("mutation($i:[CreateProductVariantInput!]!){ createProductVariants(input:$i){ id } }", new
        {
            i = new[]
            {
                new
                {
                    productId = product.GetProperty("createProduct").GetProperty("id").GetString(),
                    sku, price, enabled = true, trackInventory = "TRUE",
                    translations = new[] { new { languageCode = "en", name = sku } },
                    stockLevels = stock.Select(s => new { stockLocationId = s.Key, stockOnHand = s.Value }).ToArray(),
                },
            },
        });
        return variants.GetProperty("createProductVariants")[0].GetProperty("id").GetString()!;
    }

    public async Task SettlePaymentAsync(string paymentId) =>
        Ok((await AdminAsync("mutation($id:ID!){ settlePayment(id:$id){ ... on Payment { id state } ... on ErrorResult { errorCode message } } }", new { id = paymentId })).GetProperty("settlePayment"), "settlePayment");

    /// <summary>Fulfils lines (manual fulfilment) and moves the fulfilment to Shipped; returns its id.</summary>
    public async Task<string> ShipAsync(IReadOnlyList<(string LineId, int Quantity)> lines, string trackingCode)
    {
        var fulfilment = Ok((await AdminAsync(
            "mutation($i:FulfillOrderInput!){ addFulfillmentToOrder(input:$i){ ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }",
            new
            {
                i = new
                {
                    lines = lines.Select(l => new { orderLineId = l.LineId, quantity = l.Quantity }).ToArray(),
                    handler = new { code = "manual-fulfillment", arguments = new[] { new { name = "method", value = "DHL" }, new { name = "trackingCode", value = trackingCode } } },
                },
            })).GetProperty("addFulfillmentToOrder"), "addFulfillmentToOrder").GetProperty("id").GetString()!;
        Ok((await AdminAsync("mutation($id:ID!){ transitionFulfillmentToState(id:$id,state:\"Shipped\"){ ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }",
            new { id = fulfilment })).GetProperty("transitionFulfillmentToState"), "transitionFulfillmentToState");
        return fulfilment;
    }

    /// <summary>Refunds money for lines of a payment and settles the refund (the dummy handler leaves it Pending).</summary>
    public async Task<string> RefundAsync(string paymentId, IReadOnlyList<(string LineId, int Quantity)> lines, string transactionId)
    {
        var refund = Ok((await AdminAsync(
            "mutation($i:RefundOrderInput!){ refundOrder(input:$i){ ... on Refund { id state } ... on ErrorResult { errorCode message } } }",
            new { i = new { paymentId, lines = lines.Select(l => new { orderLineId = l.LineId, quantity = l.Quantity }).ToArray(), shipping = 0, adjustment = 0, reason = "returned" } }))
            .GetProperty("refundOrder"), "refundOrder").GetProperty("id").GetString()!;
        Ok((await AdminAsync("mutation($i:SettleRefundInput!){ settleRefund(input:$i){ ... on Refund { id state } ... on ErrorResult { errorCode message } } }",
            new { i = new { id = refund, transactionId } })).GetProperty("settleRefund"), "settleRefund");
        return refund;
    }

    /// <summary>Cancels units of lines (an order that goes on), or the whole order when <paramref name="lines"/> is null.</summary>
    public async Task CancelAsync(string orderId, IReadOnlyList<(string LineId, int Quantity)>? lines)
    {
        object input = lines is null
            ? new { orderId, reason = "customer", cancelShipping = true }
            : new { orderId, reason = "customer", lines = lines.Select(l => new { orderLineId = l.LineId, quantity = l.Quantity }).ToArray() };
        Ok((await AdminAsync("mutation($i:CancelOrderInput!){ cancelOrder(input:$i){ ... on Order { id state } ... on ErrorResult { errorCode message } } }", new { i = input }))
            .GetProperty("cancelOrder"), "cancelOrder");
    }

    /// <summary>Refunds an amount of a payment without naming lines (Vendure's preferred form since 2.2) and settles it.</summary>
    public async Task<string> RefundAmountAsync(string paymentId, long amount, string transactionId)
    {
        // Vendure 3.7.3 on SQLite needs shipping and adjustment given (0) even with an amount, or the insert fails.
        var refund = Ok((await AdminAsync(
            "mutation($i:RefundOrderInput!){ refundOrder(input:$i){ ... on Refund { id state } ... on ErrorResult { errorCode message } } }",
            new { i = new { paymentId, amount, shipping = 0, adjustment = 0, reason = "goodwill" } })).GetProperty("refundOrder"), "refundOrder").GetProperty("id").GetString()!;
        Ok((await AdminAsync("mutation($i:SettleRefundInput!){ settleRefund(input:$i){ ... on Refund { id state } ... on ErrorResult { errorCode message } } }",
            new { i = new { id = refund, transactionId } })).GetProperty("settleRefund"), "settleRefund");
        return refund;
    }

    /// <summary>The variant's stock per Vendure stock location: on hand and allocated.</summary>
    public async Task<Dictionary<string, (int OnHand, int Allocated)>> StockAsync(string variantId)
    {
        var data = await AdminAsync("query($id:ID!){ productVariant(id:$id){ stockLevels { stockLocationId stockOnHand stockAllocated } } }", new { id = variantId });
        return data.GetProperty("productVariant").GetProperty("stockLevels").EnumerateArray().ToDictionary(
            l => l.GetProperty("stockLocationId").GetString()!, l => (l.GetProperty("stockOnHand").GetInt32(), l.GetProperty("stockAllocated").GetInt32()));
    }

    /// <summary>What the Shop API tells a shopper about the variant's stock (Vendure's saleable, as a number).</summary>
    public async Task<int> SaleableAsync(string variantId)
    {
        var stock = await StockAsync(variantId);
        return stock.Values.Sum(s => s.OnHand - s.Allocated);
    }

    public async Task<JsonElement> AdminAsync(string query, object? variables = null)
    {
        if (_adminToken is null)
        {
            var (login, token) = await PostAsync(vendure.AdminApi, null,
                "mutation{ login(username:\"superadmin\",password:\"superadmin\"){ ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }", null);
            Ok(login.GetProperty("login"), "login");
            _adminToken = token;
        }

        try
        {
            return (await PostAsync(vendure.AdminApi, _adminToken, query, variables)).Data;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("FORBIDDEN", StringComparison.Ordinal))
        {
            // A restarted Vendure forgot the session.
            _adminToken = null;
            return await AdminAsync(query, variables);
        }
    }

    private async Task<(JsonElement Data, string? Token)> PostAsync(Uri api, string? token, string query, object? variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, api) { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(text).RootElement.Clone();
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"Vendure: {errors.GetRawText()}");
        }

        var next = response.Headers.TryGetValues("vendure-auth-token", out var values) ? values.First() : null;
        return (body.GetProperty("data"), next);
    }

    private static JsonElement Ok(JsonElement data, string field)
    {
        var result = data.ValueKind == JsonValueKind.Object && data.TryGetProperty(field, out var inner) ? inner : data;
        if (result.TryGetProperty("errorCode", out var code))
        {
            throw new InvalidOperationException($"Vendure {field}: {code.GetString()} {result.GetProperty("message").GetString()}");
        }

        return result;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An order checked out in Vendure.</summary>
public sealed record PlacedOrder(string Id, string Code, string State, long TotalWithTax, IReadOnlyList<string> LineIds, IReadOnlyList<string> PaymentIds);
