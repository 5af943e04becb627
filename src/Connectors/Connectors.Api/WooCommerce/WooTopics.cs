namespace Integration.Connectors.WooCommerce;

/// <summary>The WooCommerce topics acted on; any other is stored as ignored and counted.</summary>
public static class WooTopics
{
    public const string OrderCreated = "order.created";
    public const string OrderUpdated = "order.updated";

    public static bool IsHandled(string topic) => topic is OrderCreated or OrderUpdated;

    public static string? Resource(string topic, string? id) =>
        id is null ? null
        : topic.StartsWith("order.", StringComparison.Ordinal) ? "order:" + id
        : topic.StartsWith("product.", StringComparison.Ordinal) ? "product:" + id
        : null;
}
