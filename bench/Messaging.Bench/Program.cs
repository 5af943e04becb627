using System.CommandLine;
using System.Diagnostics;
using Integration.Messaging.Bench;

var events = new Option<int>("--events") { Description = "Events in the burst phase", DefaultValueFactory = _ => 20_000 };
var writers = new Option<int>("--writers") { Description = "Concurrent producer transactions", DefaultValueFactory = _ => 8 };
var rate = new Option<int>("--rate") { Description = "Arrival rate of the paced phase (events/s)", DefaultValueFactory = _ => 5_000 };
var seconds = new Option<int>("--seconds") { Description = "Length of the paced phase", DefaultValueFactory = _ => 10 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of unmeasured load first, so the JIT has tiered the hot paths up", DefaultValueFactory = _ => 5 };
var settle = new Option<int>("--settle-jit")
{
    Description = "After --warmup, go on warming up in 1 s slices until the runtime compiled fewer than 10 methods in one (at most this many slices; 0 = --warmup alone, the figure before session 15)",
    DefaultValueFactory = _ => 90,
};
var perCommit = new Option<int>("--per-commit") { Description = "Also run a burst committing this many events per transaction (bulk-import shape; 1 = skip)", DefaultValueFactory = _ => 1 };
var pageCache = new Option<int>("--page-cache-kib")
{
    Description = "SQLite page cache per connection in KiB for both apps (SqliteConnectionTuning's pageCacheKiB, as the Ledger's 64 MiB); 0 = SQLite's default 2,000 KiB, as the other services",
};
var walCheckpoint = new Option<int>("--wal-autocheckpoint")
{
    Description = "SQLite's automatic checkpoint threshold in WAL pages for both apps (an experiment; 0 = SQLite's default 1,000, as the services)",
};
var unpooled = new Option<bool>("--unpooled") { Description = "Register the DbContexts as the services do (AddDbContext) instead of pooled" };
var bulkHandler = new Option<bool>("--bulk-handler")
{
    Description = "The consumer's handler takes each bulk in one call (IBulkEventHandler: one SaveChanges per bulk) instead of one event at a time (one SaveChanges per event); an extra figure, not the README's",
};
var stages = new Option<bool>("--stages")
{
    Description = "First break the CPU per event down: commits of the state change alone (no outbox row), commits with their event, commits + dispatch without a consumer, then the full path",
};

var root = new RootCommand("Outbox commit -> handled in another service, over the embedded transport (two Kestrel apps on loopback, SQLite files).")
{
    events, writers, rate, seconds, warmup, settle, perCommit, unpooled, stages, bulkHandler, pageCache, walCheckpoint,
};
root.SetAction(async (parse, ct) =>
{
    if (parse.GetValue(stages))
    {
        foreach (var stage in new[] { Stage.StateOnly, Stage.ProducerOnly, Stage.NoConsumer })
        {
            await using var partial = await ServicePair.StartAsync(pooled: !parse.GetValue(unpooled), ct, stage, pageCacheKiB: parse.GetValue(pageCache), walPages: parse.GetValue(walCheckpoint));
            var (_, settledAfter, _) = await WarmUpAsync(partial, parse.GetValue(warmup), parse.GetValue(settle), parse.GetValue(writers), ct);
            if (stage == Stage.NoConsumer)
            {
                await partial.WaitPublishedAsync(ct);
            }

            var count = parse.GetValue(events);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var begin = Stopwatch.GetTimestamp();
            await partial.CommitAsync(count, parse.GetValue(writers), 1, ct);
            var committed = Stopwatch.GetElapsedTime(begin);
            if (stage == Stage.NoConsumer)
            {
                await partial.WaitPublishedAsync(ct);
            }

            var done = Stopwatch.GetElapsedTime(begin);
            var perEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
            var kbPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / count;
            Console.WriteLine($"stage {stage} (warm-up {settledAfter.TotalSeconds:F0} s): {count} events committed at {count / committed.TotalSeconds:F0}/s, done at {count / done.TotalSeconds:F0}/s; " +
                $"CPU {perEvent:F0} us/event; allocated {kbPerEvent:F1} KB/event");
        }
    }

    await using var pair = await ServicePair.StartAsync(pooled: !parse.GetValue(unpooled), ct, bulkHandler: parse.GetValue(bulkHandler), pageCacheKiB: parse.GetValue(pageCache), walPages: parse.GetValue(walCheckpoint));
    Console.WriteLine($"{(parse.GetValue(bulkHandler) ? "consumer handler takes whole bulks (--bulk-handler); " : string.Empty)}producer {pair.ProducerAddress} -> consumer {pair.ConsumerAddress}, data in {pair.Folder}");

    var (warm, warmedFor, lastSlice) = await WarmUpAsync(pair, parse.GetValue(warmup), parse.GetValue(settle), parse.GetValue(writers), ct);
    await pair.WaitHandledAsync(warm, ct);
    Console.WriteLine($"warm-up: {warm} events in {warmedFor.TotalSeconds:F1} s" +
        (parse.GetValue(settle) > 0 ? $" ({lastSlice} methods compiled in the last 1 s)" : string.Empty));

    await BurstAsync(pair, "burst", parse.GetValue(events), parse.GetValue(writers), 1, ct);
    if (parse.GetValue(perCommit) is > 1 and var n)
    {
        await BurstAsync(pair, $"burst, {n} events per commit", parse.GetValue(events), parse.GetValue(writers), n, ct);
    }

    pair.Probe.Reset();
    var target = parse.GetValue(rate);
    var paced = target * parse.GetValue(seconds);
    var start = Stopwatch.GetTimestamp();
    await pair.CommitPacedAsync(paced, target, ct);
    var pacedIn = Stopwatch.GetElapsedTime(start);
    await pair.WaitHandledAsync(paced, ct);
    var (p50, p99, max) = pair.Probe.LatencyMilliseconds();
    Console.WriteLine($"paced: {paced} events at {paced / pacedIn.TotalSeconds:F0}/s (target {target}/s): " +
        $"commit->handled p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms");
});

return await root.Parse(args).InvokeAsync();

// --warmup seconds of load, then (--settle-jit) 1 s slices until the JIT has settled. Returns the events committed, how
// long it took and how many methods were compiled in the last slice.
static async Task<(int Events, TimeSpan Took, long LastSlice)> WarmUpAsync(ServicePair pair, int seconds, int slices, int writers, CancellationToken ct)
{
    var start = Stopwatch.GetTimestamp();
    var warm = await pair.CommitForAsync(TimeSpan.FromSeconds(seconds), writers, ct);
    var lastSlice = 0L;
    for (var slice = 0; slice < slices; slice++)
    {
        // The tier-up of a fresh process goes on long after the first seconds (the tiering thread gets its share of two
        // busy cores, and with dynamic PGO a hot method is compiled three times); compiles in the measured window are
        // start-up cost, not the pipeline's. Counted process-wide by the runtime (the tiering thread comes and goes).
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        warm += await pair.CommitForAsync(TimeSpan.FromSeconds(1), writers, ct);
        lastSlice = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
        if (lastSlice < 10)
        {
            break;
        }
    }

    return (warm, Stopwatch.GetElapsedTime(start), lastSlice);
}

static async Task BurstAsync(ServicePair pair, string name, int count, int writers, int perCommit, CancellationToken ct)
{
    pair.Probe.Reset();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var collections = GC.CollectionCount(0);
    var threads = ThreadCpu.Now();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var start = Stopwatch.GetTimestamp();
    await pair.CommitAsync(count, writers, perCommit, ct);
    var committedIn = Stopwatch.GetElapsedTime(start);
    await pair.WaitHandledAsync(count, ct);
    var handledIn = Stopwatch.GetElapsedTime(start, pair.Probe.LastHandledAt);
    var (p50, p99, max) = pair.Probe.LatencyMilliseconds();
    // CPU per event (both apps, every thread) is the figure the machine's other load does not distort: two cores
    // can carry at most 2 s / (CPU per event) events a second.
    var perEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
    // Allocation per event (both apps) is steadier than CPU on a shared machine: it does not depend on the neighbours.
    var bytesPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
    var gcs = GC.CollectionCount(0) - collections;
    var (jit, gc) = ThreadCpu.Now().Since(threads);
    Console.WriteLine($"{name}: {count} events committed in {committedIn.TotalSeconds:F2} s ({count / committedIn.TotalSeconds:F0}/s), " +
        $"all handled after {handledIn.TotalSeconds:F2} s => {count / handledIn.TotalSeconds:F0} events/s end to end; " +
        $"commit->handled p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms; " +
        $"{count / (double)Math.Max(1, pair.Probe.Deliveries):F1} events per delivery; " +
        $"CPU {perEvent:F0} us/event (2-core ceiling {2_000_000 / perEvent:F0}/s); allocated {bytesPerEvent / 1024:F1} KB/event, {gcs} GCs; " +
        $"of it background JIT {jit.TotalMicroseconds / count:F0} us/event, GC threads {gc.TotalMicroseconds / count:F0} us/event; " +
        $"CPU without the background JIT {perEvent - (jit.TotalMicroseconds / count):F0} us/event");
}
