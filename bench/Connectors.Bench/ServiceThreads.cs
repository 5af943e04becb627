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

    /// <summary>Each live thread's kind and CPU so far, by thread id.</summary>
    public static Dictionary<int, (string Kind, TimeSpan Cpu)> Now(int? pid)
    {
        var threads = new Dictionary<int, (string, TimeSpan)>();
        if (pid is null)
        {
            return threads;
        }

        foreach (var (id, name, cpu) in ThreadTimes.Of(pid))
        {
            var kind = name.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? "pool"
                : name.Contains("GC", StringComparison.Ordinal) ? "gc"
                : name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) ? "jit"
                : "other";
            threads[id] = (kind, cpu);
        }

        return threads;
    }

    /// <summary>
    /// "pool 150, gc 20, jit 5, other 30, ended 10 µs" per operation between two snapshots. A thread is counted by what
    /// it used between them (all it used when it started after the first). A thread that ended in between (the runtime
    /// retires an idle tier-up worker after a while and starts a new one when methods are hot again, and idle pool
    /// workers likewise) took its CPU with it: that part is "ended", the process's CPU
    /// (<paramref name="processCpu"/>, which keeps what ended threads used) less what the live threads account for.
    /// Summing live threads' totals by kind instead, as before, made such a kind's figure wrong, even negative.
    /// </summary>
    public static string PerOperation(
        Dictionary<int, (string Kind, TimeSpan Cpu)> before, Dictionary<int, (string Kind, TimeSpan Cpu)> after, int operations, TimeSpan processCpu)
    {
        var byKind = Kinds.ToDictionary(k => k, _ => TimeSpan.Zero);
        foreach (var (id, (kind, cpu)) in after)
        {
            byKind[kind] += before.TryGetValue(id, out var earlier) ? cpu - earlier.Cpu : cpu;
        }

        var ended = processCpu - byKind.Values.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu);
        double PerOp(TimeSpan cpu) => cpu.TotalMicroseconds / Math.Max(1, operations);
        return string.Join(", ", Kinds.Select(k => $"{k} {PerOp(byKind[k]):F0}")) + $", ended threads {PerOp(ended):F0} µs";
    }
}
