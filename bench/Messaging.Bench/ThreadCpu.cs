namespace Integration.Messaging.Bench;

/// <summary>
/// CPU time of the runtime's own threads, from /proc (Linux): the background JIT that recompiles hot methods (tier-up,
/// which goes on for minutes after start, more of it in the window the busier the machine was during the warm-up) and the
/// server GC threads. CPU without the JIT thread compares two builds more steadily than CPU with it.
/// </summary>
public static class ThreadCpu
{
    /// <summary>CPU ticks (1/100 s) of each JIT and GC thread by thread id.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<int, long> Jit, IReadOnlyDictionary<int, long> Gc)
    {
        /// <summary>
        /// What the threads used since <paramref name="before"/>, thread by thread: the tiering thread exits when idle and
        /// a new one starts, so totals of two snapshots could go negative (a burst once read -300 us of JIT per event).
        /// What an exited thread used after <paramref name="before"/> is not counted.
        /// </summary>
        public (TimeSpan Jit, TimeSpan Gc) Since(Snapshot before)
        {
            static TimeSpan Delta(IReadOnlyDictionary<int, long> now, IReadOnlyDictionary<int, long> then) =>
                TimeSpan.FromMilliseconds(now.Sum(t => t.Value - then.GetValueOrDefault(t.Key)) * 10);

            return (Delta(Jit, before.Jit), Delta(Gc, before.Gc));
        }
    }

    public static Snapshot Now()
    {
        var (jit, gc) = (new Dictionary<int, long>(), new Dictionary<int, long>());
        if (!Directory.Exists("/proc/self/task"))
        {
            return new Snapshot(jit, gc);
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var isJit = name.StartsWith(".NET Tiered Com", StringComparison.Ordinal);
                var isGc = name.Contains("GC", StringComparison.Ordinal);
                if (!isJit && !isGc)
                {
                    continue;
                }

                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th there (clock ticks).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                var id = int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture);
                (isJit ? jit : gc)[id] = ticks;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        // USER_HZ is 100 on Linux.
        return new Snapshot(jit, gc);
    }
}
