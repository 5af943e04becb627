namespace Integration.Connectors.Webhooks;

/// <summary>A verified delivery on its way to the database.</summary>
public sealed record IncomingDelivery(
    string Channel, string Kind, string Topic, string DeliveryKey, string? ResourceId, byte[] Body, string HeadersJson, bool Ignored);

/// <summary>What storing a delivery did.</summary>
public enum StoreOutcome
{
    /// <summary>Stored now (for processing, or as ignored).</summary>
    Stored,

    /// <summary>The same delivery was stored before; nothing was written.</summary>
    Duplicate,
}
