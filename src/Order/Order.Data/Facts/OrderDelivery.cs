namespace Integration.Order.Data.Facts;

/// <summary>A channel delivery already processed (e.g. X-Shopify-Event-Id): a redelivery has no second effect.</summary>
public sealed class OrderDelivery
{
    public required string Channel { get; set; }

    public required string DeliveryId { get; set; }

    public string? OrderId { get; set; }

    public DateTime RecordedAt { get; set; }
}
