using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Policies;

/// <summary>When a channel's orders take stock out of available.</summary>
public enum ReservationTiming
{
    /// <summary>The storefront reserves at cart (Reserve RPC, expiring); order placement commits that hold.</summary>
    AtCart,

    /// <summary>Order placed: reserve (committed).</summary>
    AtOrder,

    /// <summary>Payment captured: reserve (committed).</summary>
    AtPayment,
}

/// <summary>How one sales channel reserves: timing, allocation and how long a cart hold lasts.</summary>
public sealed class ChannelPolicy
{
    public ReservationTiming ReservationTiming { get; set; } = ReservationTiming.AtOrder;

    public AllocationStrategy Allocation { get; set; } = AllocationStrategy.Priority;

    /// <summary>How long a pending reservation (a cart hold) lives before the sweep releases it.</summary>
    public int CartHoldMinutes { get; set; } = 15;
}

/// <summary>The <c>Inventory</c> configuration section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>The policy of a channel with no entry in <see cref="Channels"/>.</summary>
    public ChannelPolicy DefaultChannel { get; set; } = new();

    /// <summary>Per channel name (as OrderPlaced carries it), e.g. <c>Inventory:Channels:shopify:Allocation</c>.</summary>
    public Dictionary<string, ChannelPolicy> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ReservationOptions Reservations { get; set; } = new();

    /// <summary>How often dirty stock levels are announced (one event per level carrying the latest figures).</summary>
    public TimeSpan AvailabilityPublishInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the invariant check runs in the background (feeds the violations metric).</summary>
    public TimeSpan InvariantCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    public ChannelPolicy PolicyFor(string? channel) =>
        !string.IsNullOrEmpty(channel) && Channels.TryGetValue(channel, out var policy) ? policy : DefaultChannel;
}

/// <summary>Reservation write path knobs.</summary>
public sealed class ReservationOptions
{
    /// <summary>Most reserve requests decided in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary><c>Auto</c>: Redis lock when Redis is configured, else in-process; <c>Off</c>: the database guard alone.</summary>
    public string Lock { get; set; } = "Auto";

    /// <summary>How long a per-SKU Redis lock lives if its holder dies.</summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for a per-SKU lock before going ahead on the database guard alone.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the sweep releases expired pending reservations.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
