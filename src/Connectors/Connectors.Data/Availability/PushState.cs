namespace Integration.Connectors.Data.Availability;

/// <summary>
/// What one channel was last told about one SKU at one location, by Inventory's sequence: a push of an older
/// sequence over a newer one is never made.
/// </summary>
public sealed class PushState
{
    public required string Channel { get; set; }

    public required string Sku { get; set; }

    /// <summary>Our location id (the channel's own id comes from the channel's location mapping).</summary>
    public required string LocationId { get; set; }

    /// <summary>Inventory's availability sequence last pushed successfully.</summary>
    public long PushedSequence { get; set; }

    /// <summary>The available quantity that push carried.</summary>
    public long PushedAvailable { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The channel's last answer when it refused, for the operator.</summary>
    public string? LastAnswer { get; set; }
}
