using System.CommandLine;
using System.Diagnostics;
using HdrHistogram;
using Integration.Contracts.Ledger.V1;
using Integration.Bench;
using Integration.Ledger.Bench;
using Integration.Ledger.Bench.Floor;
using Microsoft.Data.Sqlite;

if (args is [FloorHost.Command, var floorDatabase, var floorUrl])
{
    // This assembly started as the floor's app (see FloorProcess).
    await FloorHost.RunAsync(floorDatabase, floorUrl);
    return 0;
}

var orders = new Option<int>("--orders") { Description = "Orders streamed (5 events, 17 journal lines each)", DefaultValueFactory = _ => 2_000 };
var clients = new Option<int>("--clients") { Description = "Concurrent deliveries (each works through its own orders in order)", DefaultValueFactory = _ => 16 };
var bulk = new Option<int>("--bulk")
{
    Description = "Events per delivery, as Dapr's bulkSubscribe sends them (each client streams this many orders a stage at a time: placed, paid, shipped twice, refunded); " +
        "the Ledger's order-fact subscriptions declare maxMessagesCount 500; 0 = one event per request",
    DefaultValueFactory = _ => 500,
};
var lines = new Option<long>("--lines") { Description = "Journal lines in the database for the trial balance run", DefaultValueFactory = _ => 1_000_000 };
var encodeLive = new Option<bool>("--encode-live")
{
    Description = "Encode each bulk's CloudEvents and envelope inside the timed run, as the bench did up to session 12 (default: encoded before the run, " +
        "the same bytes; a sidecar's encoding is not the Ledger's cost, and on 2 shared cores it took CPU from the service)",
};
var service = new Option<string>("--service")
{
    Description = "The Ledger service assembly to run",
    DefaultValueFactory = _ => Path.Combine("src", "Ledger", "Ledger.Api", "bin", "Release", "net10.0", "Ledger.Api.dll"),
};

var floor = new Option<bool>("--floor")
{
    Description = "After the Ledger, the same deliveries (warm-up and timed run) to an app hosted as the Ledger whose handlers do nothing: " +
        "the delivery and inbox alone, the CPU per event no posting code can go below",
    DefaultValueFactory = _ => true,
};

var warmup = new Option<int>("--warmup")
{
    Description = "Orders streamed before the timed run, not counted (to 1,000 the session-14 figures' 100); the bench then waits until " +
        "the service's background work (the JIT's tier-up compiles, the dispatcher) is done, so the run measures posting, not start-up",
    DefaultValueFactory = _ => 100,
};

var root = new RootCommand("Ledger: journal lines posted per second from a stream of order events (the real service process, SQLite), and the trial balance over a million lines.")
{
    orders, clients, bulk, lines, encodeLive, service, floor, warmup,
};
root.SetAction(async (parse, ct) =>
{
    // The Ledger: posting, then the trial balance at size (the service process ends with this block).
    {
        await using var ledger = await ServiceProcess.StartAsync(Path.GetFullPath(parse.GetValue(service)!), "ledgerdb",
            (channel, token) => new LedgerService.LedgerServiceClient(channel).ListAccountsAsync(new ListAccountsRequest(), cancellationToken: token).ResponseAsync, ct);
        using var http = new HttpClient { BaseAddress = ledger.Http };
        for (var sku = 0; sku < 10; sku++)
        {
            await OrderStream.DeliverAsync(http, OrderStream.Product(sku), ct);
        }

        // Warm-up, not counted.
        var warm = parse.GetValue(warmup);
        await Stream(http, 0, warm, parse.GetValue(clients));
        await Settle(ChildPid());
        var before = CountLines(ledger.Database);
        var count = parse.GetValue(orders);
        var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
        // What a sidecar would send, encoded before the clock starts unless --encode-live: the same bytes either way.
        var plan = Plan(warm, count, parse.GetValue(encodeLive));
        var cpu = ProcessCpu.Start();
        var started = Stopwatch.GetTimestamp();
        await Stream(http, warm, count, parse.GetValue(clients), histogram, plan);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (serviceCpu, benchCpu) = cpu.Elapsed();
        var posted = CountLines(ledger.Database) - before;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var mode = parse.GetValue(bulk) > 0
            ? $"bulk deliveries of {parse.GetValue(bulk)}, {(parse.GetValue(encodeLive) ? "encoded during the run" : "bodies encoded before the run")}"
            : "one event per request";
        Console.WriteLine($"posting ({mode}, {parse.GetValue(clients)} clients): {count} orders, {count * 5} events, {posted} journal lines in {seconds:F2} s => {posted / seconds:F0} lines/s, " +
            $"{count * 5 / seconds:F0} events/s; per event p50 {Ms(histogram.GetValueAtPercentile(50)):F1} ms, p99 {Ms(histogram.GetValueAtPercentile(99)):F1} ms " +
            $"(a bulk's events share its request's time)");
        Console.WriteLine($"cpu: Ledger process {serviceCpu.TotalSeconds:F2} s = {serviceCpu.TotalMicroseconds / (count * 5):F0} µs per event, {serviceCpu.TotalMicroseconds / posted:F1} µs per line; " +
            $"bench client {benchCpu.TotalSeconds:F2} s = {benchCpu.TotalMicroseconds / (count * 5):F0} µs per event; " +
            $"busy {Busy(serviceCpu + benchCpu, seconds):P0} of {Environment.ProcessorCount} cores (both processes' CPU over the run's wall time)");

        var target = parse.GetValue(lines);
        var fill = Stopwatch.GetTimestamp();
        var added = await BulkLines.FillAsync(ledger.Database, Math.Max(0, target - CountLines(ledger.Database)), ct);
        Console.WriteLine($"filled {added} more lines directly in {Stopwatch.GetElapsedTime(fill).TotalSeconds:F1} s; {CountLines(ledger.Database)} lines in the journal");
        var client = new LedgerService.LedgerServiceClient(ledger.Channel);
        foreach (var (name, request) in new[]
        {
            ("whole journal", new GetTrialBalanceRequest()),
            ("as of 2026-06-30, EUR", new GetTrialBalanceRequest { AsOfDate = "2026-06-30", CurrencyCode = "EUR" }),
        })
        {
            var times = new List<double>();
            GetTrialBalanceResponse? result = null;
            for (var i = 0; i < 5; i++)
            {
                var t = Stopwatch.GetTimestamp();
                result = await client.GetTrialBalanceAsync(request, cancellationToken: ct);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"trial balance ({name}): median {times[2]:F1} ms, best {times[0]:F1} ms over 5 calls; {result!.Lines.Count} account lines, balanced: {result.Balanced}");
        }

        var (scanMedian, scanBest) = BulkLines.TimeLineScan(ledger.Database);
        Console.WriteLine($"for the record, the old read (every journal line summed, in the bench process): median {scanMedian:F0} ms, best {scanBest:F0} ms over 5");
    }

    if (parse.GetValue(floor))
    {
        await using var empty = await FloorProcess.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = empty.Http };
        var count = parse.GetValue(orders);
        var warm = parse.GetValue(warmup);
        await Stream(http, 0, warm, parse.GetValue(clients));
        await Settle(ChildPid());
        var plan = Plan(warm, count, parse.GetValue(encodeLive));
        var cpu = ProcessCpu.Start();
        var started = Stopwatch.GetTimestamp();
        await Stream(http, warm, count, parse.GetValue(clients), plan: plan);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (serviceCpu, benchCpu) = cpu.Elapsed();
        Console.WriteLine($"floor (the same deliveries to handlers that do nothing: delivery, CloudEvents, inbox, commit): {count * 5 / seconds:F0} events/s; " +
            $"app {serviceCpu.TotalMicroseconds / (count * 5):F0} µs per event, bench client {benchCpu.TotalMicroseconds / (count * 5):F0} µs per event; " +
            $"busy {Busy(serviceCpu + benchCpu, seconds):P0} of {Environment.ProcessorCount} cores");
    }

    // Waits (up to 30 s) until the process used under 5 % of a core over half a second: its tier-up compiles and outbox are done.
    async Task Settle(int pid)
    {
        using var process = Process.GetProcessById(pid);
        for (var i = 0; i < 60; i++)
        {
            var before = process.TotalProcessorTime;
            await Task.Delay(500, ct);
            process.Refresh();
            if ((process.TotalProcessorTime - before).TotalMilliseconds < 25)
            {
                return;
            }
        }
    }

    async Task Stream(HttpClient target, int first, int n, int parallel, LongHistogram? latency = null, BulkPlan? plan = null)
    {
        if (parse.GetValue(bulk) > 0)
        {
            await StreamBulk(target, plan ?? Plan(first, n, live: true), parallel, latency);
            return;
        }

        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < first + n)
            {
                foreach (var evt in OrderStream.Order(i))
                {
                    var t = Stopwatch.GetTimestamp();
                    await OrderStream.DeliverAsync(target, evt, ct);
                    if (latency is not null)
                    {
                        lock (latency)
                        {
                            latency.RecordValue(Stopwatch.GetTimestamp() - t);
                        }
                    }
                }
            }
        }, ct)));
    }

    // The windows of orders the clients take in turn, each with its stages' bulk requests when encoded ahead.
    BulkPlan Plan(int first, int n, bool live)
    {
        var size = Math.Max(1, parse.GetValue(bulk));
        var windows = new List<(int From, int Count)>();
        for (var from = first; from < first + n; from += size)
        {
            windows.Add((from, Math.Min(size, first + n - from)));
        }

        return new BulkPlan(windows, live ? null : windows.Select(w => Stages(w.From, w.Count).Select(OrderStream.Bulk).ToList()).ToList());
    }

    // Each client takes the next window of orders and delivers it a stage at a time, one bulk per stage.
    async Task StreamBulk(HttpClient target, BulkPlan plan, int parallel, LongHistogram? latency)
    {
        var (windows, prepared) = plan;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int w;
            while ((w = Interlocked.Increment(ref next)) < windows.Count)
            {
                var messages = prepared is null ? Stages(windows[w].From, windows[w].Count) : null;
                var count = prepared?[w].Count ?? messages!.Count;
                for (var stage = 0; stage < count; stage++)
                {
                    var t = Stopwatch.GetTimestamp();
                    var delivery = prepared?[w][stage] ?? OrderStream.Bulk(messages![stage]);
                    await OrderStream.DeliverAsync(target, delivery, ct);
                    if (latency is not null)
                    {
                        lock (latency)
                        {
                            latency.RecordValueWithCount(Stopwatch.GetTimestamp() - t, delivery.EntryIds.Count);
                        }
                    }
                }
            }
        }, ct)));
    }

    // A window of orders a stage at a time (all placed, all paid, first shipments, second shipments, refunds): each
    // stage is one bulk, so every order's facts arrive in order, as they were published.
    static List<List<Google.Protobuf.IMessage>> Stages(int from, int count)
    {
        var orders = Enumerable.Range(from, count).Select(i => OrderStream.Order(i).ToList()).ToList();
        return Enumerable.Range(0, orders[0].Count).Select(stage => orders.Select(o => o[stage]).ToList()).ToList();
    }
});

return await root.Parse(args).InvokeAsync();

// The share of the machine's cores the two processes kept busy: well below 100 % on an otherwise idle machine, the
// pipeline waits (on a lock, a request in flight) rather than computes.
static double Busy(TimeSpan cpu, double seconds) => cpu.TotalSeconds / (seconds * Environment.ProcessorCount);

// The service this bench started (the one child process running at a time), as ProcessCpu finds it.
static int ChildPid()
{
    foreach (var task in Directory.GetDirectories("/proc/self/task"))
    {
        var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (children.Length > 0)
        {
            return int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    throw new InvalidOperationException("no child process");
}

static long CountLines(string database)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*) FROM journal_lines";
    return (long)command.ExecuteScalar()!;
}

/// <summary>The bench's windows of orders and, unless encoded live, each window's stage requests.</summary>
internal sealed record BulkPlan(List<(int From, int Count)> Windows, List<List<PreparedBulk>>? Prepared);
