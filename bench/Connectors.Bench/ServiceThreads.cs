using System.Globalization;

namespace Integration.Connectors.Bench;

/// <summary>
/// CPU time of the service's threads by kind, from /proc (Linux): thread-pool workers (request handling, the group
/// commit, and their spinning while idle), the server GC threads, the background JIT (tier-up) and the rest (socket
/// engine, timers). Two runs under different load compare better by kind than in total.
/// </summary>
internal static class ServiceThreads
{
    public static readonly string[] Kinds = ["pool", "gc", "jit", "other"];

    /// <summary>The service process this bench started (Linux: listed in /proc/self/task/*/children).</summary>
    public static int? Child()
    {
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task") : [])
        {
            var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length > 0)
            {
                return int.Parse(children[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static Dictionary<string, TimeSpan> Now(int? pid)
    {
        var ticks = Kinds.ToDictionary(k => k, _ => 0L);
        var folder = $"/proc/{pid}/task";
        if (pid is null || !Directory.Exists(folder))
        {
            return ticks.ToDictionary(p => p.Key, _ => TimeSpan.Zero);
        }

        foreach (var task in Directory.EnumerateDirectories(folder))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var kind = name.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? "pool"
                    : name.Contains("GC", StringComparison.Ordinal) ? "gc"
                    : name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) ? "jit"
                    : "other";
                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th there (clock ticks).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[kind] += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        // USER_HZ is 100 on Linux.
        return ticks.ToDictionary(p => p.Key, p => TimeSpan.FromMilliseconds(p.Value * 10));
    }

    /// <summary>"pool 150 gc 20 jit 5 other 30 µs" per operation between two snapshots.</summary>
    public static string PerOperation(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int operations) =>
        string.Join(", ", Kinds.Select(k => $"{k} {(after[k] - before[k]).TotalMicroseconds / Math.Max(1, operations):F0}")) + " µs";
}
