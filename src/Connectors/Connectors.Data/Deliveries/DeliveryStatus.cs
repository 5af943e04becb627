namespace Integration.Connectors.Data.Deliveries;

/// <summary>Where a stored delivery is in its processing.</summary>
public enum DeliveryStatus
{
    /// <summary>Stored, not processed yet (or to be retried).</summary>
    Received = 0,

    /// <summary>Its effect was handed to the owning service.</summary>
    Processed = 1,

    /// <summary>A topic we do not act on: kept and counted, nothing done.</summary>
    Ignored = 2,

    /// <summary>It could not be mapped or applied; an exception carries it to an operator.</summary>
    Failed = 3,
}
