namespace Integration.Messaging.Outbox;

/// <summary>Exponential backoff with ±20 % jitter, so retries of many rows do not arrive in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(raw * jitter, max.TotalMilliseconds));
    }
}
