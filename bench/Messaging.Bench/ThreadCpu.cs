using Integration.Bench;

namespace Integration.Messaging.Bench;

/// <summary>
/// CPU time of the runtime's own threads (<see cref="ThreadTimes"/>): the background JIT that recompiles hot methods (tier-up,
/// which goes on for minutes after start, more of it in the window the busier the machine was during the warm-up) and the
/// server GC threads. CPU without the JIT thread compares two builds more steadily than CPU with it.
/// </summary>
public static class ThreadCpu
{
    /// <summary>CPU time of each JIT and GC thread by thread id.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<int, TimeSpan> Jit, IReadOnlyDictionary<int, TimeSpan> Gc)
    {
        /// <summary>
        /// What the threads used since <paramref name="before"/>, thread by thread: the tiering thread exits when idle and
        /// a new one starts, so totals of two snapshots could go negative (a burst once read -300 us of JIT per event).
        /// What an exited thread used after <paramref name="before"/> is not counted.
        /// </summary>
        public (TimeSpan Jit, TimeSpan Gc) Since(Snapshot before)
        {
            static TimeSpan Delta(IReadOnlyDictionary<int, TimeSpan> now, IReadOnlyDictionary<int, TimeSpan> then) =>
                TimeSpan.FromTicks(now.Sum(t => (t.Value - then.GetValueOrDefault(t.Key)).Ticks));

            return (Delta(Jit, before.Jit), Delta(Gc, before.Gc));
        }
    }

    public static Snapshot Now()
    {
        var (jit, gc) = (new Dictionary<int, TimeSpan>(), new Dictionary<int, TimeSpan>());
        foreach (var (id, name, cpu) in ThreadTimes.Of())
        {
            if (name.StartsWith(".NET Tiered Com", StringComparison.Ordinal))
            {
                jit[id] = cpu;
            }
            else if (name.Contains("GC", StringComparison.Ordinal))
            {
                gc[id] = cpu;
            }
        }

        return new Snapshot(jit, gc);
    }
}
