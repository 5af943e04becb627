using System.Collections.Concurrent;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;

namespace Integration.Messaging.Tests.Support;

/// <summary>How often each handler ran per event id (handlers run after the inbox check, so this counts real runs).</summary>
internal sealed class HandlerCalls
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int Next(string eventId) => _calls.AddOrUpdate(eventId, 1, (_, n) => n + 1);

    public int Of(string eventId) => _calls.GetValueOrDefault(eventId);
}

/// <summary>The well-behaved consumer: one effect per event, keyed by the CloudEvent subject and the version.</summary>
internal sealed class EffectHandler(EffectsDbContext db) : IEventHandler<ProductChanged>
{
    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        return Task.CompletedTask;
    }
}

/// <summary>
/// Writes its effect and flushes it into the open transaction, then fails on the first attempt:
/// only a real rollback keeps that flushed row out of the database.
/// </summary>
internal sealed class FailsFirstHandler(EffectsDbContext db, HandlerCalls calls) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        if (calls.Next(context.EventId) == 1)
        {
            throw new InvalidOperationException("downstream hiccup after the effect was written");
        }
    }
}

/// <summary>Always fails: a poison message for this consumer.</summary>
internal sealed class PoisonHandler(EffectsDbContext db, HandlerCalls calls) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        calls.Next(context.EventId);
        db.Effects.Add(new Effect { Key = "poisoned", EventId = context.EventId, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        throw new InvalidOperationException($"poison: product {evt.ProductId} cannot be handled");
    }
}

/// <summary>Says no retry can help.</summary>
internal sealed class PermanentFailureHandler(HandlerCalls calls) : IEventHandler<ProductChanged>
{
    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        calls.Next(context.EventId);
        throw new PermanentEventFailureException($"product {evt.ProductId} is unknown here");
    }
}

/// <summary>Fails as the test's <see cref="FailureScript"/> says, after flushing its effect; otherwise like <see cref="EffectHandler"/>.</summary>
internal sealed class ScriptedHandler(EffectsDbContext db, FailureScript script) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        if (script.ShouldFail(context.EventId, FailureKind.HandlerThrows))
        {
            throw new TimeoutException("scripted transient failure");
        }
    }
}
