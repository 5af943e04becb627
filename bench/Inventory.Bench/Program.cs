using System.CommandLine;
using System.Diagnostics;
using Grpc.Net.Client;
using HdrHistogram;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Bench;

var attempts = new Option<int>("--attempts") { Description = "Reservation attempts in the sale", DefaultValueFactory = _ => 50_000 };
var clients = new Option<int>("--clients") { Description = "Concurrent gRPC clients", DefaultValueFactory = _ => 64 };
var units = new Option<int>("--units") { Description = "Units of the one SKU on sale", DefaultValueFactory = _ => 1_000 };
var warmup = new Option<int>("--warmup")
{
    Description = "Warm-up reservations (another SKU with stock for half of them, unmeasured) so the JIT has tiered up the grant and the rejection paths",
    DefaultValueFactory = _ => 20_000,
};
var mode = new Option<string>("--lock") { Description = "on (Redis lock), off (database guard alone) or both", DefaultValueFactory = _ => "both" };
var floor = new Option<int>("--floor")
{
    Description = "Calls of the floor figures after the sale (the same clients calling cheap RPCs of the same service: what a call costs without a decision); 0 skips them",
    DefaultValueFactory = _ => 10_000,
};

var root = new RootCommand("Flash sale: one SKU, N units, many concurrent gRPC reservation attempts against the Inventory service process (SQLite).")
{
    attempts, clients, units, warmup, mode, floor,
};
root.SetAction(async (parse, ct) =>
{
    var runs = parse.GetValue(mode) switch
    {
        "on" => new[] { true },
        "off" => [false],
        _ => [true, false],
    };
    foreach (var lockOn in runs)
    {
        await RunAsync(lockOn, parse.GetValue(attempts), parse.GetValue(clients), parse.GetValue(units), parse.GetValue(warmup), parse.GetValue(floor), ct);
    }
});

return await root.Parse(args).InvokeAsync();

static async Task RunAsync(bool lockOn, int attempts, int clients, int units, int warmup, int floorCalls, CancellationToken ct)
{
    var folder = Directory.CreateTempSubdirectory("inventory-bench-").FullName;
    await using var redis = lockOn ? await ServiceProcess.StartRedisAsync() : null;
    await using var service = await ServiceProcess.StartInventoryAsync(folder, redis is null ? null : $"127.0.0.1:{redis.Port}", lockOn);
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.Port}", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    });
    var client = new InventoryService.InventoryServiceClient(channel);
    await client.UpsertLocationAsync(new UpsertLocationRequest { Location = new Location { LocationId = "WH-1", Name = "Main", ShipsOnline = true } }, cancellationToken: ct);
    // Half the warm-up is granted, half rejected: the sale is mostly rejections, and code first run during the
    // measurement is still being tiered up by the JIT (measured: a fifth of the service's CPU).
    await client.ReceiveStockAsync(new ReceiveStockRequest { MovementId = "grn-warm", Sku = "WARM-1", LocationId = "WH-1", Quantity = Math.Max(1, warmup / 2) }, cancellationToken: ct);
    await client.ReceiveStockAsync(new ReceiveStockRequest { MovementId = "grn-sale", Sku = "SALE-1", LocationId = "WH-1", Quantity = units }, cancellationToken: ct);

    if (floorCalls > 0)
    {
        // Before the sale: afterwards the outbox dispatcher publishes the sale's 50,000 events for a while, and
        // that background would be billed to the floor's calls.
        await FloorAsync(channel, client, service, lockOn, floorCalls, clients, ct);
    }

    await SaleAsync(client, service, "warm", "WARM-1", warmup, clients, ct);
    var result = await SaleAsync(client, service, "sale", "SALE-1", attempts, clients, ct);

    var level = (await client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SALE-1" } }, cancellationToken: ct)).Items[0];
    var check = await client.CheckInvariantsAsync(new CheckInvariantsRequest(), cancellationToken: ct);
    var oversold = Math.Max(0, result.Granted - units) + Math.Max(0, level.Reserved - level.OnHand);
    Console.WriteLine(
        $"lock {(lockOn ? "on (Redis)" : "off")}: {attempts} attempts, {clients} clients, {units} units => " +
        $"{result.Decisions / result.Elapsed.TotalSeconds:F0} decisions/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, max {result.Max:F1} ms; " +
        $"granted {result.Granted}, rejected {result.Rejected}, errors {result.Errors}, oversold {oversold}; " +
        $"on hand {level.OnHand}, reserved {level.Reserved}; invariant violations {check.Violations.Count}; client+service CPU {result.CpuPerDecision:F0} us/decision (service alone {result.ServiceCpuPerDecision:F0} us)");
    Directory.Delete(folder, recursive: true);
}

static async Task<SaleResult> SaleAsync(InventoryService.InventoryServiceClient client, ServiceProcess service, string tag, string sku, int attempts, int clients, CancellationToken ct) =>
    await LoadAsync(service, tag, attempts, clients, async (i, token) =>
    {
        var request = new ReserveRequest
        {
            ReservationId = $"{tag}-{i}", OrderId = $"order-{tag}-{i}", Lines = { new ReserveLine { Sku = sku, Quantity = 1 } },
        };
        var response = await client.ReserveAsync(request, cancellationToken: token);
        return response.Reservation.State != ReservationState.Rejected;
    }, ct);

// The same clients and connection calling RPCs that decide nothing: what a call costs on this machine before any
// reservation work (HTTP/2, gRPC, the service's middleware and interceptor, protobuf, the client). Not the sale's
// figure: a floor under it.
static async Task FloorAsync(GrpcChannel channel, InventoryService.InventoryServiceClient client, ServiceProcess service, bool lockOn, int calls, int clients, CancellationToken ct)
{
    var health = new Grpc.Health.V1.Health.HealthClient(channel);
    var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel);
    var floors = new (string Label, Func<int, CancellationToken, Task<bool>> Call)[]
    {
        ("gRPC reflection ListServices (the emptiest call the service answers: no database, no handler work)", async (_, token) =>
        {
            using var stream = reflection.ServerReflectionInfo(cancellationToken: token);
            await stream.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" }, token);
            await stream.RequestStream.CompleteAsync();
            var answered = await stream.ResponseStream.MoveNext(token) && stream.ResponseStream.Current.ListServicesResponse is not null;
            while (await stream.ResponseStream.MoveNext(token))
            {
                // Drain to the trailers so the call ends as a unary one does.
            }

            return answered;
        }),
        ("GetAvailability of one SKU (the cheapest Inventory read: two indexed SQLite SELECTs through EF)", async (_, token) =>
            (await client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SALE-1" } }, cancellationToken: token)).Items.Count == 1),
        ("gRPC health Check (runs the readiness checks: database ping, outbox backlog" + (lockOn ? ", Redis ping)" : ")"), async (_, token) =>
            (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: token)).Status != Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Unknown),
    };
    foreach (var (label, call) in floors)
    {
        await LoadAsync(service, "floor-warm", Math.Min(calls, 3_000), clients, call, ct);
        var idle = await QuietAsync(service, ct);
        var result = await LoadAsync(service, "floor", calls, clients, call, ct);
        Console.WriteLine(
            $"  floor, no decision ({(lockOn ? "lock on" : "lock off")}) - {label}: {calls} calls, {clients} clients => " +
            $"{result.Decisions / result.Elapsed.TotalSeconds:F0} calls/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, errors {result.Errors}; " +
            $"client+service CPU {result.CpuPerDecision:F0} us/call (service alone {result.ServiceCpuPerDecision:F0} us) " +
            $"=> at most {2_000_000 / Math.Max(1, result.CpuPerDecision):F0} calls/s on 2 cores (service idle before: {idle:P0} of a core)");
    }
}

// Waits (up to 30 s) until the service uses under 5 % of a core, so background work (the outbox dispatcher
// publishing earlier calls' events) is not billed to the calls measured next; returns the last idle share.
static async Task<double> QuietAsync(ServiceProcess service, CancellationToken ct)
{
    var share = 1.0;
    for (var i = 0; i < 60 && share > 0.05; i++)
    {
        var before = service.Cpu;
        await Task.Delay(500, ct);
        share = (service.Cpu - before).TotalMilliseconds / 500;
    }

    return share;
}

// Drives <paramref name="calls"/> calls from <paramref name="clients"/> concurrent workers; a call answers true for a
// grant (or any successful floor call), false for a rejection.
static async Task<SaleResult> LoadAsync(ServiceProcess service, string tag, int calls, int clients, Func<int, CancellationToken, Task<bool>> call, CancellationToken ct)
{
    var next = -1;
    long granted = 0, rejected = 0, errors = 0;
    var histograms = new LongHistogram[clients];
    var cpu = TotalCpu();
    var serviceCpu = service.Cpu;
    var start = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
    {
        var latency = histograms[worker] = new LongHistogram(TimeStamp.Seconds(60), 3);
        int i;
        while ((i = Interlocked.Increment(ref next)) < calls)
        {
            var begin = Stopwatch.GetTimestamp();
            try
            {
                var ok = await call(i, ct);
                latency.RecordValue(Stopwatch.GetTimestamp() - begin);
                Interlocked.Increment(ref ok ? ref granted : ref rejected);
            }
            catch (Grpc.Core.RpcException ex)
            {
                if (Interlocked.Increment(ref errors) <= 3)
                {
                    Console.Error.WriteLine($"  {tag} call {i}: {ex.Status}");
                }
            }
        }
    }));
    var elapsed = Stopwatch.GetElapsedTime(start);
    var all = new LongHistogram(TimeStamp.Seconds(60), 3);
    foreach (var h in histograms)
    {
        all.Add(h);
    }

    if (all.TotalCount == 0)
    {
        throw new InvalidOperationException($"{tag}: no call succeeded ({errors} errors)");
    }

    static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    var decisions = granted + rejected;
    return new SaleResult(decisions, granted, rejected, errors, elapsed,
        Ms(all.GetValueAtPercentile(50)), Ms(all.GetValueAtPercentile(99)), Ms(all.GetMaxValue()),
        decisions == 0 ? 0 : (TotalCpu() - cpu).TotalMicroseconds / decisions,
        decisions == 0 ? 0 : (service.Cpu - serviceCpu).TotalMicroseconds / decisions);
}

// This process and its children (the service): the CPU the whole sale cost on this machine.
static TimeSpan TotalCpu()
{
    var self = Process.GetCurrentProcess().TotalProcessorTime;
    var children = Process.GetProcessesByName("dotnet").Where(p => p.Id != Environment.ProcessId).ToList();
    var total = self;
    foreach (var child in children)
    {
        try
        {
            if (ParentOf(child.Id) == Environment.ProcessId)
            {
                total += child.TotalProcessorTime;
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        finally
        {
            child.Dispose();
        }
    }

    return total;
}

static int ParentOf(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record SaleResult(long Decisions, long Granted, long Rejected, long Errors, TimeSpan Elapsed, double P50, double P99, double Max, double CpuPerDecision, double ServiceCpuPerDecision);
