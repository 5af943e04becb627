using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Integration.Connectors.Tests.Availability;

/// <summary>
/// A local stand-in for Shopify's Admin GraphQL API (2026-04) on a loopback port, for the two documents the availability
/// push sends: the <c>inventoryItem.inventoryLevel.quantities</c> read and <c>inventorySetQuantities</c>. It answers as
/// Shopify documents: the access token header is required (401 with Shopify's body otherwise); the mutation needs the
/// <c>@idempotent</c> directive and a <c>changeFromQuantity</c> on every quantity (2026-04); a compare value that is not
/// the stored quantity is a CHANGE_FROM_QUANTITY_STALE user error; unknown items and locations are user errors; a key
/// seen before returns the first answer (or IDEMPOTENCY_KEY_PARAMETER_MISMATCH for other parameters).
/// Shopify itself cannot be reached from here.
/// </summary>
public sealed class ShopifyStandIn : IAsyncDisposable
{
    public const string Token = "shpat_standin_0123456789";
    public const string ApiVersion = "2026-04";

    private readonly object _gate = new();
    private readonly Dictionary<(string Item, string Location), long> _available = [];
    private readonly HashSet<string> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Parameters, string Answer)> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (HttpStatusCode Status, string Body)> _failing = new(StringComparer.Ordinal);
    private readonly List<AppliedSet> _applied = [];
    private readonly List<JsonNode> _mutations = [];
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ShopifyStandIn> StartAsync()
    {
        var standIn = new ShopifyStandIn();
        (standIn._app, standIn.BaseAddress) = await LoopbackApp.StartAsync(app => app.MapPost("/admin/api/{version}/graphql.json", standIn.HandleAsync));
        return standIn;
    }

    /// <summary>Stocks an inventory item at a location (as the merchant's Shopify admin would).</summary>
    public void Stock(string item, string location, long available)
    {
        lock (_gate)
        {
            _locations.Add(location);
            _available[(item, location)] = available;
        }
    }

    public long? Available(string item, string location)
    {
        lock (_gate)
        {
            return _available.TryGetValue((item, location), out var q) ? q : null;
        }
    }

    /// <summary>The merchant deleted the item in Shopify.</summary>
    public void Forget(string item)
    {
        lock (_gate)
        {
            foreach (var key in _available.Keys.Where(k => k.Item == item).ToList())
            {
                _available.Remove(key);
            }
        }
    }

    /// <summary>Every request touching <paramref name="item"/> fails with this HTTP answer from now on.</summary>
    public void Fail(string item, HttpStatusCode status, string body)
    {
        lock (_gate)
        {
            _failing[item] = (status, body);
        }
    }

    /// <summary>The sets applied, in order.</summary>
    public IReadOnlyList<AppliedSet> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    /// <summary>The variables of every inventorySetQuantities request received (applied or not).</summary>
    public IReadOnlyList<JsonNode> Mutations
    {
        get
        {
            lock (_gate)
            {
                return [.. _mutations];
            }
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http, string version)
    {
        if (http.Request.Headers["X-Shopify-Access-Token"] != Token)
        {
            return Results.Json(new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, statusCode: 401);
        }

        if (version != ApiVersion)
        {
            return Results.Json(new { errors = "Not Found" }, statusCode: 404);
        }

        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var query = body["query"]!.GetValue<string>();
        var variables = body["variables"]!;
        lock (_gate)
        {
            var item = query.Contains("inventorySetQuantities", StringComparison.Ordinal)
                ? variables["input"]?["quantities"]?[0]?["inventoryItemId"]?.GetValue<string>()
                : variables["inventoryItemId"]?.GetValue<string>();
            if (item is not null && _failing.TryGetValue(item, out var failure))
            {
                return Results.Text(failure.Body, "text/plain", statusCode: (int)failure.Status);
            }

            return query.Contains("inventorySetQuantities", StringComparison.Ordinal) ? Set(query, variables) : Read(variables);
        }
    }

    private IResult Read(JsonNode variables)
    {
        var item = variables["inventoryItemId"]!.GetValue<string>();
        var location = variables["locationId"]!.GetValue<string>();
        if (!_available.Keys.Any(k => k.Item == item))
        {
            return Graph(new JsonObject { ["inventoryItem"] = null });
        }

        JsonNode? level = _available.TryGetValue((item, location), out var quantity)
            ? new JsonObject
            {
                ["id"] = $"gid://shopify/InventoryLevel/{Math.Abs((item + location).GetHashCode())}?inventory_item_id={item.Split('/')[^1]}",
                ["quantities"] = new JsonArray(new JsonObject { ["name"] = "available", ["quantity"] = quantity }),
            }
            : null;
        return Graph(new JsonObject { ["inventoryItem"] = new JsonObject { ["id"] = item, ["inventoryLevel"] = level } });
    }

    private IResult Set(string query, JsonNode variables)
    {
        _mutations.Add(variables.DeepClone());
        if (!query.Contains("@idempotent(", StringComparison.Ordinal) || variables["idempotencyKey"] is null)
        {
            return Errors("The @idempotent directive is required for this mutation as of API version 2026-04.");
        }

        var input = variables["input"]!;
        var quantities = input["quantities"]!.AsArray();
        if (quantities.Any(q => !q!.AsObject().ContainsKey("changeFromQuantity")))
        {
            return Errors("Variable $input of type InventorySetQuantitiesInput! was provided invalid value for quantities.0.changeFromQuantity (Expected value to not be null)");
        }

        var key = variables["idempotencyKey"]!.GetValue<string>();
        var parameters = input.ToJsonString();
        if (_idempotency.TryGetValue(key, out var seen))
        {
            return seen.Parameters == parameters
                ? Results.Text(seen.Answer, "application/json")
                : UserErrors(("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", new[] { "input" }, "The same idempotency key cannot be used with different operation parameters."));
        }

        var errors = new List<(string, string[], string)>();
        for (var i = 0; i < quantities.Count; i++)
        {
            var q = quantities[i]!;
            var item = q["inventoryItemId"]!.GetValue<string>();
            var location = q["locationId"]!.GetValue<string>();
            var expected = q["changeFromQuantity"]?.GetValue<long>();
            if (!_available.Keys.Any(k => k.Item == item))
            {
                errors.Add(("INVALID_INVENTORY_ITEM", ["input", "quantities", $"{i}", "inventoryItemId"], "The specified inventory item could not be found."));
            }
            else if (!_locations.Contains(location))
            {
                errors.Add(("INVALID_LOCATION", ["input", "quantities", $"{i}", "locationId"], "The specified location could not be found."));
            }
            else if (!_available.TryGetValue((item, location), out var current))
            {
                errors.Add(("ITEM_NOT_STOCKED_AT_LOCATION", ["input", "quantities", $"{i}", "locationId"], "The specified inventory item is not stocked at the location."));
            }
            else if (expected is not null && expected != current)
            {
                errors.Add(("CHANGE_FROM_QUANTITY_STALE", ["input", "quantities", $"{i}", "changeFromQuantity"], "The changeFromQuantity value does not match persisted value."));
            }
        }

        if (errors.Count > 0)
        {
            // Refused: nothing applied, and the key is not spent (a corrected retry uses its own key anyway).
            return UserErrors([.. errors]);
        }

        var changes = new JsonArray();
        foreach (var q in quantities)
        {
            var item = q!["inventoryItemId"]!.GetValue<string>();
            var location = q["locationId"]!.GetValue<string>();
            var quantity = q["quantity"]!.GetValue<long>();
            var delta = quantity - _available[(item, location)];
            _available[(item, location)] = quantity;
            _applied.Add(new AppliedSet(item, location, quantity, q["changeFromQuantity"]?.GetValue<long>(), input["referenceDocumentUri"]?.GetValue<string>() ?? string.Empty, key));
            changes.Add(new JsonObject { ["name"] = "available", ["delta"] = delta, ["quantityAfterChange"] = null });
            changes.Add(new JsonObject { ["name"] = "on_hand", ["delta"] = delta, ["quantityAfterChange"] = null });
        }

        var answer = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["inventorySetQuantities"] = new JsonObject
                {
                    ["inventoryAdjustmentGroup"] = new JsonObject
                    {
                        ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                        ["reason"] = input["reason"]!.GetValue<string>(),
                        ["referenceDocumentUri"] = input["referenceDocumentUri"]?.GetValue<string>(),
                        ["changes"] = changes,
                    },
                    ["userErrors"] = new JsonArray(),
                },
            },
            ["extensions"] = Cost(),
        }.ToJsonString();
        _idempotency[key] = (parameters, answer);
        return Results.Text(answer, "application/json");
    }

    private static IResult UserErrors(params (string Code, string[] Field, string Message)[] errors) =>
        Graph(new JsonObject
        {
            ["inventorySetQuantities"] = new JsonObject
            {
                ["inventoryAdjustmentGroup"] = null,
                ["userErrors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
                {
                    ["code"] = e.Code,
                    ["field"] = new JsonArray([.. e.Field.Select(f => (JsonNode)JsonValue.Create(f)!)]),
                    ["message"] = e.Message,
                })]),
            },
        });

    private static IResult Graph(JsonObject data) =>
        Results.Text(new JsonObject { ["data"] = data, ["extensions"] = Cost() }.ToJsonString(), "application/json");

    private static IResult Errors(string message) =>
        Results.Text(new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = "BAD_REQUEST" } }),
        }.ToJsonString(), "application/json");

    private static JsonObject Cost() => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = 10,
            ["actualQueryCost"] = 10,
            ["throttleStatus"] = new JsonObject { ["maximumAvailable"] = 2000.0, ["currentlyAvailable"] = 1990, ["restoreRate"] = 100.0 },
        },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One quantity set applied by the stand-in.</summary>
public sealed record AppliedSet(string Item, string Location, long Quantity, long? ChangeFrom, string ReferenceDocumentUri, string IdempotencyKey)
{
    /// <summary>The availability sequence the connector named in the reference document (…-&lt;sequence&gt;).</summary>
    public long Sequence => long.Parse(ReferenceDocumentUri[(ReferenceDocumentUri.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
