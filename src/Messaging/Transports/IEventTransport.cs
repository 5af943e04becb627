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
