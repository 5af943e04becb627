using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Runtime;
using Integration.Messaging.Events;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>/dapr/subscribe, read the way daprd reads it at start-up.</summary>
public sealed class SubscribeContractTests
{
    [Fact]
    public async Task Dapr_finds_every_topic_with_its_route_pubsub_and_dead_letter_topic()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);

        var (subscriptions, raw) = await DaprSubscriptions.ReadAsync(client);

        string[] expected =
        [
            Expected("pubsub", EventTypes.Of<ProductChanged>(), "ProductChangedRecorder", "inventory"),
            Expected("pubsub", EventTypes.Of<StockAdjusted>(), "StockAdjustedRecorder", "inventory"),
            Expected("pubsub", EventTypes.Of<StockReserved>(), "StockReservedFailing", "inventory"),
            // What Dapr gives up on comes back on the dead-letter topic, which has none of its own.
            "pubsub | integration.inventory.dead-letter -> /events/dead-letter | dead letters to ",
        ];
        Assert.Equal(expected.Order(), subscriptions.Select(Describe).Order());
        // One default rule each, and no metadata: "rawPayload" would make Dapr deliver bare bytes instead of CloudEvents.
        Assert.All(subscriptions, s => Assert.Equal(DaprRuleIsDefaultOnly, s.Rules.Select(r => r.Match is null)));
        Assert.All(subscriptions, s => Assert.Empty(s.Metadata));
        Assert.DoesNotContain("rawPayload", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_pubsub_component_name_comes_from_configuration()
    {
        await using var app = await TestApps.StartConsumerAsync(
            "ledger", new Dictionary<string, string?> { ["Messaging:PubSubName"] = "integration-kafka" });
        using var client = TestApps.ClientFor(app);

        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(client);

        Assert.Equal(4, subscriptions.Count);
        Assert.All(subscriptions, s => Assert.Equal("integration-kafka", s.PubsubName));
        Assert.All(subscriptions.Where(s => s.Topic != "integration.ledger.dead-letter"), s => Assert.Equal("integration.ledger.dead-letter", s.DeadLetterTopic));
        Assert.Contains(subscriptions, s => s.Topic == "integration.ledger.dead-letter");
    }

    private static readonly bool[] DaprRuleIsDefaultOnly = [true];

    private static string Expected(string pubsub, string type, string handler, string service) =>
        $"{pubsub} | {type} -> /events/{type}/{handler} | dead letters to integration.{service}.dead-letter";

    private static string Describe(DaprSubscription s) =>
        $"{s.PubsubName} | {s.Topic} -> {s.DefaultPath} | dead letters to {s.DeadLetterTopic}";
}
