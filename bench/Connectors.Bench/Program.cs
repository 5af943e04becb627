using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HdrHistogram;
using Integration.Bench;
using Integration.Connectors.Bench;
using Integration.Contracts.Connectors.V1;
using Microsoft.Data.Sqlite;

var deliveries = new Option<int>("--deliveries") { Description = "Signed deliveries sent (each with its own event id)", DefaultValueFactory = _ => 20_000 };
var clients = new Option<int>("--clients") { Description = "Concurrent HTTP/1.1 connections (Shopify delivers many webhooks at once)", DefaultValueFactory = _ => 64 };
var body = new Option<string>("--body")
{
    Description = "The delivery body: a Shopify order as the orders/create webhook sends it (default: Shopify's reference order 450789469 from tests/fixtures)",
    DefaultValueFactory = _ => Path.Combine("tests", "fixtures", "shopify", "rest_2026-07_order_GET_450789469_partially_refunded__shopify-app-js.json"),
};
var service = new Option<string>("--service")
{
    Description = "The Connectors service assembly to run",
    DefaultValueFactory = _ => Path.Combine("src", "Connectors", "Connectors.Api", "bin", "Release", "net10.0", "Connectors.Api.dll"),
};

var rate = new Option<int>("--rate")
{
    Description = "After the burst, deliveries sent at this fixed rate for --seconds (latency measured from each delivery's scheduled send time, " +
        "so a stall also counts for the deliveries it delays); 0 skips the paced phase",
    DefaultValueFactory = _ => 5_000,
};
var seconds = new Option<int>("--seconds") { Description = "Length of the paced phase", DefaultValueFactory = _ => 5 };
var timeline = new Option<bool>("--timeline")
{
    Description = "Also print the paced phase's slow stretches: each 100 ms of scheduled sends whose slowest delivery took over 10 ms " +
        "(a stall shows as a run of such windows; queueing for the CPU as scattered ones)",
};

var intakeOnly = new Option<bool>("--intake-only")
{
    Description = "Run the service as an intake-only instance (Connectors:Webhooks:ProcessDeliveries=false: no delivery processor in the process; " +
        "workers sharing the database would apply the deliveries). Default: one instance doing both, as in the app host.",
};

var root = new RootCommand(
    "Connectors: signed Shopify webhook deliveries accepted per second at /webhooks/shopify/{channel} — HMAC verified, stored durably " +
    "(SQLite, group commit), answered 200 — by the real service process. Order is unreachable on purpose, so the deliveries wait as a " +
    "backlog (as during an Order outage): the processor runs, tries the order once, and holds its deliveries in a stored backoff.")
{
    deliveries, clients, body, service, intakeOnly, rate, seconds, timeline,
};
root.SetAction(async (parse, ct) =>
{
    const string secret = "shpss_bench_secret_0123456789abcdef";
    // The child inherits the environment: one Shopify channel, and nothing behind it to apply deliveries to.
    Environment.SetEnvironmentVariable("Connectors__Channels__bench__Kind", "shopify");
    Environment.SetEnvironmentVariable("Connectors__Channels__bench__Secret", secret);
    Environment.SetEnvironmentVariable("Connectors__Services__order", "http://127.0.0.1:9");
    var processing = !parse.GetValue(intakeOnly);
    Environment.SetEnvironmentVariable("Connectors__Webhooks__ProcessDeliveries", processing ? "true" : "false");
    await using var connectors = await ServiceProcess.StartAsync(Path.GetFullPath(parse.GetValue(service)!), "connectorsdb",
        (channel, token) => new ConnectorService.ConnectorServiceClient(channel).ListChannelsAsync(new ListChannelsRequest(), cancellationToken: token).ResponseAsync, ct);

    // The webhook body is the "order" object of the REST response, cut out verbatim.
    var fixture = File.ReadAllText(Path.GetFullPath(parse.GetValue(body)!));
    var payload = Encoding.UTF8.GetBytes(System.Text.Json.JsonDocument.Parse(fixture).RootElement.GetProperty("order").GetRawText());
    var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    var parallel = parse.GetValue(clients);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = connectors.Http,
    };

    var sent = 0;
    await Send(1_000, null);
    // The service's CPU between requests, over a quiet phase after the warm-up: mostly the JIT recompiling the
    // warm-up's hot code at its optimised tier (it fades within ~15 s), plus the outbox dispatcher's and the processor's
    // polls (the processor does not retry the backlog: it waits out the stored backoff). Taken out for the "net" figure
    // only; the gross figure is the one to quote.
    var idle = ProcessCpu.Start();
    await Task.Delay(TimeSpan.FromSeconds(5), ct);
    var idleRate = idle.Elapsed().Service.TotalMilliseconds / 5_000;
    var count = parse.GetValue(deliveries);
    var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
    var servicePid = ServiceThreads.Child();
    var threadsBefore = ServiceThreads.Now(servicePid);
    var cpu = ProcessCpu.Start();
    var started = Stopwatch.GetTimestamp();
    await Send(count, histogram);
    var elapsedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var (serviceCpu, benchCpu) = cpu.Elapsed();
    var threadsAfter = ServiceThreads.Now(servicePid);
    double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine(processing
        ? "service: one instance receiving and processing (the delivery processor runs; Order unreachable, so the queued deliveries wait in their stored backoff)"
        : "service: intake-only instance (--intake-only: no delivery processor in this process; the deliveries wait for a worker)");
    Console.WriteLine($"intake ({parallel} connections, {payload.Length} byte body): {count} deliveries in {elapsedSeconds:F2} s => {count / elapsedSeconds:F0} deliveries/s; " +
        $"p50 {Ms(histogram.GetValueAtPercentile(50)):F2} ms, p99 {Ms(histogram.GetValueAtPercentile(99)):F2} ms, max {Ms(histogram.GetMaxValue()):F1} ms");
    var net = serviceCpu.TotalMicroseconds - idleRate * elapsedSeconds * 1_000_000;
    Console.WriteLine($"cpu: Connectors process {serviceCpu.TotalSeconds:F2} s = {serviceCpu.TotalMicroseconds / count:F0} µs per delivery; " +
        $"background between requests after the warm-up (mostly JIT tier-up) {idleRate * 100:F0} % of a core, so net {net / count:F0} µs per delivery (=> {count / (net / 1_000_000):F0} deliveries per core-second); " +
        $"bench client {benchCpu.TotalSeconds:F2} s = {benchCpu.TotalMicroseconds / count:F0} µs per delivery");
    Console.WriteLine($"service threads per delivery: {ServiceThreads.PerOperation(threadsBefore, threadsAfter, count, serviceCpu)}");
    var pacedRate = parse.GetValue(rate);
    if (pacedRate > 0)
    {
        var pacedCount = pacedRate * parse.GetValue(seconds);
        var paced = new LongHistogram(TimeStamp.Seconds(60), 3);
        var took = new long[pacedCount];
        var pacedThreads = ServiceThreads.Now(servicePid);
        var pacedCpu = ProcessCpu.Start();
        var pacedStart = Stopwatch.GetTimestamp();
        await Paced(pacedRate, pacedCount, paced, took);
        var pacedSeconds = Stopwatch.GetElapsedTime(pacedStart).TotalSeconds;
        var (pacedService, pacedBench) = pacedCpu.Elapsed();
        var pacedThreadsAfter = ServiceThreads.Now(servicePid);
        Console.WriteLine($"paced ({pacedRate}/s for {parse.GetValue(seconds)} s, up to {parallel} connections): {pacedCount} deliveries in {pacedSeconds:F2} s => {pacedCount / pacedSeconds:F0} deliveries/s; " +
            $"from scheduled send to 200: p50 {Ms(paced.GetValueAtPercentile(50)):F2} ms, p99 {Ms(paced.GetValueAtPercentile(99)):F2} ms, max {Ms(paced.GetMaxValue()):F1} ms; " +
            $"over 15 ms {took.Count(t => Ms(t) > 15)}, over 20 ms {took.Count(t => Ms(t) > 20)}; " +
            $"cpu {pacedService.TotalMicroseconds / pacedCount:F0} µs service ({ServiceThreads.PerOperation(pacedThreads, pacedThreadsAfter, pacedCount, pacedService)}), {pacedBench.TotalMicroseconds / pacedCount:F0} µs bench client per delivery");
        if (parse.GetValue(timeline))
        {
            // Windows of 100 ms by scheduled send time.
            var perWindow = Math.Max(1, pacedRate / 10);
            var printed = 0;
            for (var w = 0; w * perWindow < pacedCount; w++)
            {
                var window = took.AsSpan(w * perWindow, Math.Min(perWindow, pacedCount - (w * perWindow)));
                var slowest = 0L;
                var over = 0;
                foreach (var t in window)
                {
                    slowest = Math.Max(slowest, t);
                    over += Ms(t) > 10 ? 1 : 0;
                }

                if (Ms(slowest) > 10 && ++printed <= 20)
                {
                    Console.WriteLine($"  t={w / 10.0:F1} s: slowest {Ms(slowest):F1} ms, {over} of {window.Length} over 10 ms");
                }
            }

            if (printed > 20)
            {
                Console.WriteLine($"  ({printed - 20} more windows with a delivery over 10 ms)");
            }
        }
    }

    var stored = Stored(connectors.Database);
    Console.WriteLine($"stored: {stored} rows for {sent} deliveries sent (warm-up included){(stored == sent ? string.Empty : " — MISMATCH")}");
    // What the intake writes per delivery: the WAL takes it first, each checkpoint copies it into the database file.
    var fileBytes = new FileInfo(connectors.Database).Length;
    var walBytes = File.Exists(connectors.Database + "-wal") ? new FileInfo(connectors.Database + "-wal").Length : 0;
    Console.WriteLine($"storage: database file {fileBytes / 1048576.0:F1} MiB ({fileBytes / 1024.0 / Math.Max(1, stored):F1} KiB per stored delivery), WAL {walBytes / 1048576.0:F1} MiB");

    // Open loop: each delivery leaves at its own time whether or not the earlier ones were answered.
    async Task Paced(int perSecond, int n, LongHistogram latency, long[] took)
    {
        var pending = new List<Task>(n);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            pending.Add(Timed(due, latency, took, i));
        }

        await Task.WhenAll(pending);
    }

    async Task Timed(long due, LongHistogram latency, long[] took, int index)
    {
        // A delivery may leave up to a millisecond early (timer granularity): timed from the earlier of the two.
        var from = Math.Min(due, Stopwatch.GetTimestamp());
        await Deliver();
        var elapsed = Stopwatch.GetTimestamp() - from;
        took[index] = elapsed;
        lock (latency)
        {
            latency.RecordValue(elapsed);
        }
    }

    async Task Send(int n, LongHistogram? latency)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= n)
            {
                var t = Stopwatch.GetTimestamp();
                await Deliver();
                var elapsed = Stopwatch.GetTimestamp() - t;
                if (latency is not null)
                {
                    lock (latency)
                    {
                        latency.RecordValue(elapsed);
                    }
                }
            }
        }));
    }

    async Task Deliver()
    {
        var eventId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify/bench") { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature);
        request.Headers.Add("X-Shopify-Shop-Domain", "bench.myshopify.com");
        request.Headers.Add("X-Shopify-API-Version", "2026-07");
        request.Headers.Add("X-Shopify-Webhook-Id", eventId);
        request.Headers.Add("X-Shopify-Event-Id", eventId);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"delivery refused: {(int)response.StatusCode}");
        }

        Interlocked.Increment(ref sent);
    }
});

return await root.Parse(args).InvokeAsync();

static long Stored(string database)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*) FROM webhook_deliveries";
    return (long)command.ExecuteScalar()!;
}
