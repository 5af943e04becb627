using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;

namespace Integration.Connectors.Availability;

/// <summary>
/// Inventory's availability changed: push it out. A channel that fails after the HTTP retries fails the event, so the
/// messaging layer retries it with backoff (channels already done skip it by sequence) and, when it keeps failing,
/// parks it as a dead letter whose error carries the channel's answer. A refusal no retry can fix parks it at once.
/// </summary>
internal sealed class AvailabilityChangedHandler(AvailabilityPushes pushes) : IEventHandler<AvailabilityChanged>
{
    public async Task HandleAsync(AvailabilityChanged evt, EventContext context, CancellationToken ct)
    {
        var failures = await pushes.PushAsync(evt, ct);
        if (failures.Count == 0)
        {
            return;
        }

        var message = $"availability of {evt.Sku} at {evt.LocationId} (sequence {evt.Sequence}, available {evt.Available}) was not pushed: "
            + string.Join("; ", failures.Select(f => $"{f.Channel}: {f.Error.Message} — channel answered: {f.Error.Answer}"));
        if (failures.All(f => f.Error.Permanent))
        {
            throw new PermanentEventFailureException(message, failures[0].Error);
        }

        throw new ChannelPushException(message, string.Join("\n", failures.Select(f => f.Error.Answer)), permanent: false, failures[0].Error);
    }
}
