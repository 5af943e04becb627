using System.Text.Json;

namespace Integration.Messaging.Dapr.Tests.Runtime;

/// <summary>A routing rule of a subscription: a CEL match (null = default) and the app path it delivers to.</summary>
public sealed record DaprRule(string? Match, string Path);

/// <summary>One programmatic subscription as the Dapr runtime holds it after reading the app's /dapr/subscribe.</summary>
public sealed record DaprSubscription(
    string PubsubName, string Topic, string DeadLetterTopic, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<DaprRule> Rules)
{
    /// <summary>The path Dapr POSTs to when no rule matches: the default rule (Dapr prefixes a missing "/").</summary>
    public string? DefaultPath => Rules.LastOrDefault(r => r.Match is null)?.Path is { } path
        ? (path.StartsWith('/') ? path : "/" + path)
        : null;
}

/// <summary>
/// Reads /dapr/subscribe the way daprd does (pkg/runtime/pubsub/subscriptions.go, GetSubscriptionsHTTP):
/// Go's encoding/json into SubscriptionJSON (keys pubsubname, topic, deadLetterTopic, metadata, route,
/// routes.rules/default, matched case-insensitively; unknown keys ignored), then
/// routes.rules + routes.default, or route when there is no default, and entries without any rule dropped.
/// </summary>
public static class DaprSubscriptions
{
    public static async Task<(IReadOnlyList<DaprSubscription> Subscriptions, string Raw)> ReadAsync(HttpClient app)
    {
        // Dapr sends a plain GET with a JSON content type and expects 200 (404 means "no subscriptions").
        using var response = await app.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        return (Parse(raw), raw);
    }

    public static IReadOnlyList<DaprSubscription> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Dapr expects a JSON array of subscriptions");
        }

        var result = new List<DaprSubscription>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var rules = new List<DaprRule>();
            var routes = Field(item, "routes");
            if (routes is { ValueKind: JsonValueKind.Object } r)
            {
                if (Field(r, "rules") is { ValueKind: JsonValueKind.Array } ruleArray)
                {
                    rules.AddRange(ruleArray.EnumerateArray().Select(rule =>
                        new DaprRule(String(rule, "match") is { Length: > 0 } m ? m.Trim() : null, String(rule, "path") ?? string.Empty)));
                }

                if (String(r, "default") is { Length: > 0 } defaultPath)
                {
                    rules.Add(new DaprRule(null, defaultPath));
                }
            }

            if (!rules.Any(x => x.Match is null) && String(item, "route") is { Length: > 0 } route)
            {
                rules.Add(new DaprRule(null, route));
            }

            if (rules.Count == 0)
            {
                // daprd: "topic %s has an empty routes. removing from subscriptions list"
                continue;
            }

            var metadata = Field(item, "metadata") is { ValueKind: JsonValueKind.Object } md
                ? md.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            result.Add(new DaprSubscription(
                String(item, "pubsubname") ?? string.Empty, String(item, "topic") ?? string.Empty,
                String(item, "deadLetterTopic") ?? string.Empty, metadata, rules));
        }

        return result;
    }

    /// <summary>Go decodes every key that matches the field case-insensitively, so the last such key wins.</summary>
    private static JsonElement? Field(JsonElement obj, string name)
    {
        JsonElement? folded = null;
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                folded = property.Value;
            }
        }

        return folded;
    }

    private static string? String(JsonElement obj, string name) => Field(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        // Go fails the whole decode on a type mismatch, and daprd then has no subscriptions at all.
        var other => throw new JsonException($"Dapr cannot read \"{name}\": expected a string, got {other.Value.ValueKind}"),
    };
}
