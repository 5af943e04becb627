namespace Integration.Messaging.Bench;

/// <summary>
/// CPU time of the runtime's own threads, from /proc (Linux): the background JIT that recompiles hot methods (tier-up,
/// which goes on for minutes after start, more of it in the window the busier the machine was during the warm-up) and the
/// server GC threads. CPU without the JIT thread compares two builds more steadily than CPU with it.
/// </summary>
public static class ThreadCpu
{
    public readonly record struct Snapshot(TimeSpan Jit, TimeSpan Gc);

    public static Snapshot Now()
    {
        var (jit, gc) = (0L, 0L);
        if (!Directory.Exists("/proc/self/task"))
        {
            return default;
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
                if (isJit)
                {
                    jit += ticks;
                }
                else
                {
                    gc += ticks;
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        // USER_HZ is 100 on Linux.
        return new Snapshot(TimeSpan.FromMilliseconds(jit * 10), TimeSpan.FromMilliseconds(gc * 10));
    }
}
