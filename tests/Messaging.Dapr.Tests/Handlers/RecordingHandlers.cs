using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;

namespace Integration.Messaging.Dapr.Tests.Handlers;

/// <summary>Records the delivery and writes one effect in the handler's transaction.</summary>
public sealed class ProductChangedRecorder(HandledLog log, EffectsDbContext db) : IEventHandler<ProductChanged>
{
    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        log.Add(nameof(ProductChangedRecorder), context, evt);
        db.Effects.Add(new Effect { Key = $"product/{evt.ProductId}", EventId = context.EventId, At = DateTime.UtcNow });
        return Task.CompletedTask;
    }
}

/// <summary>A second event type in the same service, so /dapr/subscribe has more than one topic.</summary>
public sealed class StockAdjustedRecorder(HandledLog log, EffectsDbContext db) : IEventHandler<StockAdjusted>
{
    public Task HandleAsync(StockAdjusted evt, EventContext context, CancellationToken ct)
    {
        log.Add(nameof(StockAdjustedRecorder), context, evt);
        db.Effects.Add(new Effect { Key = $"stock/{evt.Sku}", EventId = context.EventId, At = DateTime.UtcNow });
        return Task.CompletedTask;
    }
}

/// <summary>Writes its effect and then fails, as a handler whose database call times out would.</summary>
public sealed class StockReservedFailing(HandledLog log, EffectsDbContext db) : IEventHandler<StockReserved>
{
    public Task HandleAsync(StockReserved evt, EventContext context, CancellationToken ct)
    {
        log.Add(nameof(StockReservedFailing), context, evt);
        db.Effects.Add(new Effect { Key = $"reservation/{evt.OrderId}", EventId = context.EventId, At = DateTime.UtcNow });
        throw new TimeoutException("the reservations table did not answer in time");
    }
}
