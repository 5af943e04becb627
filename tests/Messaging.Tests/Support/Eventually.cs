using System.Diagnostics;

namespace Integration.Messaging.Tests.Support;

/// <summary>Bounded waiting for asynchronous delivery: poll until done, fail with the last observation.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:F1} s waiting for {what}; last seen: {Describe(value)}");
            }

            await Task.Delay(25);
        }
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.ICollection collection ? $"{collection.Count} items" : value?.ToString() ?? "null";
}
