using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;

namespace Integration.Messaging.DeadLetters.Tests.Support;

/// <summary>
/// Writes its effect first and fails afterwards while the switch is broken, so a failed attempt
/// leaves an effect behind unless the processor really rolls it back.
/// </summary>
public sealed class SwitchedHandler(EffectsDbContext db, HandlerSwitch handlerSwitch) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Effects.Add(new Effect { Key = "product/" + evt.ProductId, EventId = context.EventId, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        if (handlerSwitch.Current is { } failure)
        {
            throw failure.Permanent ? new PermanentEventFailureException(failure.Error) : new InvalidOperationException(failure.Error);
        }
    }
}
