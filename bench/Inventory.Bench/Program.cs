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

var root = new RootCommand("Flash sale: one SKU, N units, many concurrent gRPC reservation attempts against the Inventory service process (SQLite).")
{
    attempts, clients, units, warmup, mode,
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
        await RunAsync(lockOn, parse.GetValue(attempts), parse.GetValue(clients), parse.GetValue(units), parse.GetValue(warmup), ct);
    }
});

return await root.Parse(args).InvokeAsync();

static async Task RunAsync(bool lockOn, int attempts, int clients, int units, int warmup, CancellationToken ct)
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

static async Task<SaleResult> SaleAsync(InventoryService.InventoryServiceClient client, ServiceProcess service, string tag, string sku, int attempts, int clients, CancellationToken ct)
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
        while ((i = Interlocked.Increment(ref next)) < attempts)
        {
            var request = new ReserveRequest
            {
                ReservationId = $"{tag}-{i}", OrderId = $"order-{tag}-{i}", Lines = { new ReserveLine { Sku = sku, Quantity = 1 } },
            };
            var begin = Stopwatch.GetTimestamp();
            try
            {
                var response = await client.ReserveAsync(request, cancellationToken: ct);
                latency.RecordValue(Stopwatch.GetTimestamp() - begin);
                if (response.Reservation.State == ReservationState.Rejected)
                {
                    Interlocked.Increment(ref rejected);
                }
                else
                {
                    Interlocked.Increment(ref granted);
                }
            }
            catch (Grpc.Core.RpcException ex)
            {
                if (Interlocked.Increment(ref errors) <= 3)
                {
                    Console.Error.WriteLine($"  {tag} attempt {i}: {ex.Status}");
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
