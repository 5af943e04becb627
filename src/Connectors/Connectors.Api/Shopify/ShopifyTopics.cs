namespace Integration.Connectors.Shopify;

/// <summary>The Shopify topics acted on; any other is stored as ignored and counted.</summary>
public static class ShopifyTopics
{
    public const string OrdersCreate = "orders/create";
    public const string OrdersUpdated = "orders/updated";
    public const string OrdersPaid = "orders/paid";
    public const string OrdersCancelled = "orders/cancelled";
    public const string FulfillmentsCreate = "fulfillments/create";
    public const string RefundsCreate = "refunds/create";
    public const string ProductsUpdate = "products/update";
    public const string InventoryLevelsUpdate = "inventory_levels/update";

    public static bool IsHandled(string topic) => topic is OrdersCreate or OrdersUpdated or OrdersPaid or OrdersCancelled
        or FulfillmentsCreate or RefundsCreate or ProductsUpdate or InventoryLevelsUpdate;

    /// <summary>
    /// The resource a delivery is about, from top-level ids of its body: one order's deliveries (the order topics,
    /// its fulfilments and refunds) are applied one at a time in arrival order.
    /// </summary>
    public static string? Resource(string topic, string? id, string? orderId, string? inventoryItemId, string? locationId) => topic switch
    {
        OrdersCreate or OrdersUpdated or OrdersPaid or OrdersCancelled when id is not null => "order:" + id,
        FulfillmentsCreate or RefundsCreate when orderId is not null => "order:" + orderId,
        ProductsUpdate when id is not null => "product:" + id,
        InventoryLevelsUpdate when inventoryItemId is not null => $"inventory_item:{inventoryItemId}@{locationId}",
        _ => null,
    };
}
