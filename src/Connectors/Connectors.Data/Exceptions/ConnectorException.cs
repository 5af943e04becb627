namespace Integration.Connectors.Data.Exceptions;

/// <summary>
/// Something at the storefront edge a person must look at: a payload we could not map, stock the storefront
/// reports differently from ours, a push the channel keeps refusing. Carries what is needed to act on it.
/// </summary>
public sealed class ConnectorException
{
    public long Id { get; set; }

    public required string Channel { get; set; }

    /// <summary>What kind of problem, e.g. MAPPING_FAILED, STOCK_DRIFT, PUSH_FAILED, STOREFRONT_OVERSELL.</summary>
    public required string Kind { get; set; }

    /// <summary>What it is about, e.g. the storefront order id or <c>sku@location</c>.</summary>
    public required string Reference { get; set; }

    /// <summary>A sentence an operator can act on.</summary>
    public required string Reason { get; set; }

    /// <summary>The delivery it came from, when it came from one (its raw body is there).</summary>
    public long? DeliveryId { get; set; }

    /// <summary>Further facts as JSON (e.g. both quantities of a drift).</summary>
    public string? DetailsJson { get; set; }

    public ExceptionStatus Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public string? Resolution { get; set; }
}
