namespace Integration.Connectors.Data.Deliveries;

/// <summary>
/// One webhook delivery exactly as the storefront sent it. Stored before the 200 goes back, so nothing
/// accepted is ever lost; processed afterwards, asynchronously, as often as it takes.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    /// <summary>The configured channel name (the <c>{channel}</c> in the webhook URL).</summary>
    public required string Channel { get; set; }

    /// <summary>shopify or woocommerce.</summary>
    public required string Kind { get; set; }

    /// <summary>The storefront's topic, e.g. <c>orders/create</c> or <c>order.updated</c>.</summary>
    public required string Topic { get; set; }

    /// <summary>The storefront's id for this event (Shopify's event id, WooCommerce's delivery id): the dedupe key.</summary>
    public required string DeliveryKey { get; set; }

    /// <summary>The id of the resource the event is about (order id, product id), when the headers say it.</summary>
    public string? ResourceId { get; set; }

    /// <summary>
    /// The raw body bytes (what was signed, and what an operator sees if it cannot be mapped) in the form
    /// <see cref="BodyEncoding"/> says; <see cref="DeliveryBody.Raw"/> gives the raw bytes back.
    /// </summary>
    public required byte[] Body { get; set; }

    /// <summary>How <see cref="Body"/> holds the raw body (identity for every row stored before bodies were compressed).</summary>
    public BodyEncoding BodyEncoding { get; set; }

    /// <summary>The raw body's length in bytes; null on rows stored before it was recorded, whose <see cref="Body"/> is the raw body.</summary>
    public int? BodySize { get; set; }

    /// <summary>The storefront's headers that matter for processing (never the signature or secrets), as JSON.</summary>
    public required string HeadersJson { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>
    /// After a transient failure: not tried again before this (exponential backoff). Stored, so a restart does not
    /// retry at once every delivery held behind a dependency that is down; later deliveries of the same resource wait too.
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Why the last attempt failed, for the operator.</summary>
    public string? LastError { get; set; }
}
