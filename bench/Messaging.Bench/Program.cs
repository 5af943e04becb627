using System.CommandLine;
using System.Diagnostics;
using Integration.Messaging.Bench;

var events = new Option<int>("--events") { Description = "Events in the burst phase", DefaultValueFactory = _ => 20_000 };
var writers = new Option<int>("--writers") { Description = "Concurrent producer transactions", DefaultValueFactory = _ => 8 };
var rate = new Option<int>("--rate") { Description = "Arrival rate of the paced phase (events/s)", DefaultValueFactory = _ => 5_000 };
var seconds = new Option<int>("--seconds") { Description = "Length of the paced phase", DefaultValueFactory = _ => 10 };

var root = new RootCommand("Outbox commit -> handled in another service, over the embedded transport (two Kestrel apps on loopback, SQLite files).")
{
    events, writers, rate, seconds,
};
root.SetAction(async (parse, ct) =>
{
    await using var pair = await ServicePair.StartAsync(ct);
    Console.WriteLine($"producer {pair.ProducerAddress} -> consumer {pair.ConsumerAddress}, data in {pair.Folder}");

    await pair.CommitAsync(500, 4, ct);
    await pair.WaitHandledAsync(500, ct);
    pair.Probe.Reset();

    var burst = parse.GetValue(events);
    var start = Stopwatch.GetTimestamp();
    await pair.CommitAsync(burst, parse.GetValue(writers), ct);
    var committedIn = Stopwatch.GetElapsedTime(start);
    await pair.WaitHandledAsync(burst, ct);
    var handledIn = Stopwatch.GetElapsedTime(start, pair.Probe.LastHandledAt);
    var (b50, b99, bMax) = pair.Probe.LatencyMilliseconds();
    Console.WriteLine($"burst: {burst} events committed in {committedIn.TotalSeconds:F2} s ({burst / committedIn.TotalSeconds:F0}/s), " +
        $"all handled after {handledIn.TotalSeconds:F2} s => {burst / handledIn.TotalSeconds:F0} events/s end to end; " +
        $"commit->handled p50 {b50:F1} ms, p99 {b99:F1} ms, max {bMax:F1} ms");

    pair.Probe.Reset();
    var target = parse.GetValue(rate);
    var paced = target * parse.GetValue(seconds);
    start = Stopwatch.GetTimestamp();
    await pair.CommitPacedAsync(paced, target, ct);
    var pacedIn = Stopwatch.GetElapsedTime(start);
    await pair.WaitHandledAsync(paced, ct);
    var (p50, p99, max) = pair.Probe.LatencyMilliseconds();
    Console.WriteLine($"paced: {paced} events at {paced / pacedIn.TotalSeconds:F0}/s (target {target}/s): " +
        $"commit->handled p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms");
});

return await root.Parse(args).InvokeAsync();
