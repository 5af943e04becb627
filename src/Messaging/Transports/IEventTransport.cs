using Integration.Messaging.Events;

namespace Integration.Messaging.Transports;

/// <summary>Carries one CloudEvent to its subscribers. Throwing or returning a failure means "try again later".</summary>
public interface IEventTransport
{
    Task<DeliveryResult> PublishAsync(ReceivedEvent evt, CancellationToken ct);
}

/// <summary>The outcome of one publish attempt.</summary>
public sealed record DeliveryResult(bool Delivered, string? Error = null)
{
    public static readonly DeliveryResult Ok = new(true);

    public static DeliveryResult Failed(string error) => new(false, error);
}

/// <summary>
/// A transport that can carry a dispatcher batch at once (bulk deliveries to the subscribers that declared them).
/// The events come in outbox order; each gets its own result, and a failed event's later siblings of the same
/// aggregate (subject) are not delivered after it (they come back failed, to be retried behind it).
/// </summary>
public interface IBulkEventTransport : IEventTransport
{
    Task<IReadOnlyList<DeliveryResult>> PublishBatchAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct);
}
