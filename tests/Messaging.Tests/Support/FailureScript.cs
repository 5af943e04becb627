using System.Collections.Concurrent;

namespace Integration.Messaging.Tests.Support;

/// <summary>Where a scripted transient failure happens.</summary>
internal enum FailureKind
{
    /// <summary>The consumer's HTTP pipeline answers 500 before the handler runs.</summary>
    Http500,

    /// <summary>The handler throws after writing its effect (rolled back, answered RETRY).</summary>
    HandlerThrows,
}

/// <summary>Transient failures planned per event id: fail this many times in this way, then succeed.</summary>
internal sealed class FailureScript
{
    private readonly ConcurrentDictionary<string, (FailureKind Kind, int Remaining)> _plan = new(StringComparer.Ordinal);

    public void Plan(string eventId, FailureKind kind, int failures)
    {
        if (failures > 0)
        {
            _plan[eventId] = (kind, failures);
        }
    }

    /// <summary>True (and one failure used up) when this delivery of <paramref name="eventId"/> should fail in this way.</summary>
    public bool ShouldFail(string eventId, FailureKind kind)
    {
        while (_plan.TryGetValue(eventId, out var plan) && plan.Kind == kind && plan.Remaining > 0)
        {
            if (_plan.TryUpdate(eventId, plan with { Remaining = plan.Remaining - 1 }, plan))
            {
                return true;
            }
        }

        return false;
    }
}
