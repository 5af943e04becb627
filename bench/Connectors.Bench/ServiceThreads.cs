using Integration.Bench;

namespace Integration.Connectors.Bench;

/// <summary>
/// CPU time of the service's threads by kind: thread-pool workers (request handling, the group commit, and their
/// spinning while idle), the server GC threads, the background JIT (tier-up) and the rest (socket engine, timers). Two
/// runs under different load compare better by kind than in total.
/// </summary>
internal static class ServiceThreads
{
    public static readonly string[] Kinds = ["pool", "gc", "jit", "other"];

    /// <summary>The service process this bench started.</summary>
    public static int? Child() => ProcessCpu.Child();

    public static Dictionary<string, TimeSpan> Now(int? pid)
    {
        var times = Kinds.ToDictionary(k => k, _ => TimeSpan.Zero);
        if (pid is null)
        {
            return times;
        }

        foreach (var (_, name, cpu) in ThreadTimes.Of(pid))
        {
            var kind = name.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? "pool"
                : name.Contains("GC", StringComparison.Ordinal) ? "gc"
                : name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) ? "jit"
                : "other";
            times[kind] += cpu;
        }

        return times;
    }

    /// <summary>"pool 150 gc 20 jit 5 other 30 µs" per operation between two snapshots.</summary>
    public static string PerOperation(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int operations) =>
        string.Join(", ", Kinds.Select(k => $"{k} {(after[k] - before[k]).TotalMicroseconds / Math.Max(1, operations):F0}")) + " µs";
}
