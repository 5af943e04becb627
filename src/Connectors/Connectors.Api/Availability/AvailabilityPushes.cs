using System.Diagnostics;
using Integration.Connectors.Channels;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Availability;
using Integration.Contracts.Events.V1;

namespace Integration.Connectors.Availability;

/// <summary>
/// Pushes one availability change to every channel that sells the SKU at that location (a channel sells at a location
/// it maps in <c>Locations</c>, and sells a SKU its storefront has). Per (channel, SKU, location) the last pushed
/// sequence is kept in push_states, and an event whose sequence is not newer is never pushed: an older figure never
/// overwrites a newer one, whatever order events arrive in or however often one is redelivered.
/// </summary>
internal sealed partial class AvailabilityPushes(
    ConnectorsDbContext db, ChannelRegistry channels, IEnumerable<IChannelStockPusher> pushers, PushOrdering ordering,
    AvailabilityMetrics metrics, TimeProvider clock, ILogger<AvailabilityPushes> logger)
{
    /// <summary>Pushes <paramref name="change"/>; returns the channels that failed (the others are done and recorded).</summary>
    public async Task<IReadOnlyList<(string Channel, ChannelPushException Error)>> PushAsync(AvailabilityChanged change, CancellationToken ct)
    {
        var failures = new List<(string, ChannelPushException)>();
        foreach (var (name, channel) in channels.All.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var pusher = pushers.FirstOrDefault(p => string.Equals(p.Kind, channel.Kind, StringComparison.OrdinalIgnoreCase));
            var channelLocation = channel.Locations.Where(l => l.Value == change.LocationId).Select(l => l.Key).Order(StringComparer.Ordinal).FirstOrDefault();
            if (!channel.PushAvailability || pusher is null || channelLocation is null)
            {
                continue;
            }

            var key = PushOrdering.Key(name, change.Sku, change.LocationId);
            using var _ = await ordering.LockAsync(key, ct);
            var state = await db.PushStates.FindAsync([name, change.Sku, change.LocationId], ct);
            var pushed = Math.Max(state?.PushedSequence ?? 0, ordering.Highest(key));
            if (change.Sequence <= pushed)
            {
                metrics.Stale(name);
                LogStale(logger, name, change.Sku, change.LocationId, change.Sequence, pushed);
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var outcome = await pusher.PushAsync(
                    new StockPush(name, channel, change.Sku, channelLocation, change.Available, change.Sequence, state?.PushedAvailable), ct);
                metrics.Pushed(name, outcome, Stopwatch.GetElapsedTime(started));
                if (outcome == PushOutcome.NotSold)
                {
                    continue;
                }

                ordering.Pushed(key, change.Sequence);
                if (state is null)
                {
                    state = new PushState { Channel = name, Sku = change.Sku, LocationId = change.LocationId };
                    db.PushStates.Add(state);
                }

                state.PushedSequence = change.Sequence;
                state.PushedAvailable = change.Available;
                state.UpdatedAt = clock.GetUtcNow();
                state.LastAnswer = null;
                LogPushed(logger, name, change.Sku, change.LocationId, change.Available, change.Sequence, outcome);
            }
            catch (ChannelPushException ex)
            {
                metrics.Failed(name, ex.Permanent, Stopwatch.GetElapsedTime(started));
                LogFailed(logger, name, change.Sku, change.LocationId, change.Sequence, ex.Message);
                failures.Add((name, ex));
            }
        }

        return failures;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability of {Sku} at {Location} (sequence {Sequence}) not pushed to {Channel}: it was already told sequence {Pushed}")]
    private static partial void LogStale(ILogger logger, string channel, string sku, string location, long sequence, long pushed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability of {Sku} at {Location} pushed to {Channel}: {Available} (sequence {Sequence}, {Outcome})")]
    private static partial void LogPushed(ILogger logger, string channel, string sku, string location, long available, long sequence, PushOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Availability of {Sku} at {Location} (sequence {Sequence}) could not be pushed to {Channel}: {Error}")]
    private static partial void LogFailed(ILogger logger, string channel, string sku, string location, long sequence, string error);
}
