namespace Integration.Connectors.Data.Polling;

/// <summary>Where a poller of a storefront without webhooks stopped: advanced only after what it read was accepted.</summary>
public sealed class PollCursor
{
    /// <summary>The configured channel name.</summary>
    public required string Channel { get; set; }

    /// <summary>What is polled, e.g. <c>orders</c>.</summary>
    public required string Stream { get; set; }

    /// <summary>The storefront-specific position (e.g. an updatedAt and id tiebreak), opaque here.</summary>
    public required string Position { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
