using Integration.Connectors.Channels;

namespace Integration.Connectors.Availability;

/// <summary>Sets one SKU's saleable quantity at one location in one kind of storefront.</summary>
internal interface IChannelStockPusher
{
    /// <summary>The channel kind it serves (<c>ChannelOptions.Kind</c>), e.g. "vendure".</summary>
    string Kind { get; }

    /// <summary>Makes the channel's saleable quantity <see cref="StockPush.Available"/>; throws <see cref="ChannelPushException"/> with the channel's answer.</summary>
    Task<PushOutcome> PushAsync(StockPush push, CancellationToken ct);
}

/// <summary>One push: our available (Inventory's figure, sequence <see cref="Sequence"/>) for a SKU at the channel's location.</summary>
/// <param name="PreviousAvailable">What we last pushed for this SKU and location (the compare-and-swap value), if anything.</param>
internal sealed record StockPush(
    string ChannelName, ChannelOptions Channel, string Sku, string ChannelLocationId, long Available, long Sequence, long? PreviousAvailable);

/// <summary>What a push did.</summary>
internal enum PushOutcome
{
    /// <summary>The channel now shows the quantity.</summary>
    Pushed,

    /// <summary>The channel already showed it; nothing was written.</summary>
    Unchanged,

    /// <summary>The channel does not sell the SKU (no variant or inventory item for it): nothing to push.</summary>
    NotSold,
}

/// <summary>The channel refused or failed a push; <see cref="Answer"/> is what it said.</summary>
internal sealed class ChannelPushException(string message, string answer, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public string Answer { get; } = answer;

    /// <summary>True when no retry can succeed (e.g. the channel says the item or location does not exist).</summary>
    public bool Permanent { get; } = permanent;
}
