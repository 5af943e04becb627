using System.CommandLine;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using HdrHistogram;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Integration.Order.Bench;
using Microsoft.Data.Sqlite;

var orders = new Option<int>("--orders") { Description = "Orders in the measured run", DefaultValueFactory = _ => 30_000 };
var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight", DefaultValueFactory = _ => 64 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured orders first, so the JIT has tiered the hot paths up", DefaultValueFactory = _ => 5_000 };

var deliveryIds = new Option<bool>("--delivery-ids")
{
    Description = "Send each order with a channel delivery id, as the Connectors do (layer 2 of idempotency: one more row per order). A separate figure: the default run sends none",
};
var floor = new Option<int>("--floor")
{
    Description = "Then, once the outbox has drained, that many IngestOrder calls without an order (refused at once with INVALID_ARGUMENT; same channel and calls in flight): what a call costs before the service does any work",
    DefaultValueFactory = _ => 0,
};
var env = new Option<string[]>("--env") { Description = "KEY=VALUE set in the service's environment (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)", AllowMultipleArgumentsPerToken = true };

var root = new RootCommand("Orders per second through the Order service's IngestOrder RPC (gRPC, HTTP/2 loopback) into SQLite with their outbox rows.")
{
    orders, concurrency, warmup, deliveryIds, floor, env,
};
root.SetAction(async (parse, ct) =>
{
    var settings = (parse.GetValue(env) ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
    await using var server = await OrderServer.StartAsync(settings, ct);
    Console.WriteLine($"Order service at {server.Address}, SQLite file {server.DatabaseFile}");
    using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    });
    var client = new OrderService.OrderServiceClient(channel);
    var inFlight = parse.GetValue(concurrency);
    var withDelivery = parse.GetValue(deliveryIds);

    await RunAsync(client, "warm-up", 0, parse.GetValue(warmup), inFlight, withDelivery, ct);
    var measured = parse.GetValue(orders);
    var offset = parse.GetValue(warmup);
    var serverCpu = server.ProcessorTime;
    var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var (elapsed, histogram) = await RunAsync(client, "measured", offset, measured, inFlight, withDelivery, ct);
    // CPU per order is the figure other load on the machine does not distort: two cores carry at most 2 s / (CPU per order).
    var serverPerOrder = (server.ProcessorTime - serverCpu).TotalMicroseconds / measured;
    var clientPerOrder = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / measured;
    Console.WriteLine($"measured: {measured} orders{(withDelivery ? " with delivery ids" : string.Empty)} with {inFlight} calls in flight in {elapsed.TotalSeconds:F2} s => {measured / elapsed.TotalSeconds:F0} orders/s; " +
        $"latency p50 {Ms(histogram, 50):F1} ms, p99 {Ms(histogram, 99):F1} ms, max {histogram.GetMaxValue() / OutputScalingFactor.TimeStampToMilliseconds:F1} ms");
    Console.WriteLine($"CPU per order: service {serverPerOrder:F0} us, bench client {clientPerOrder:F0} us " +
        $"(service alone on 2 cores could carry {2_000_000 / serverPerOrder:F0} orders/s)");

    // Every order stored once with its lines and its OrderPlaced outbox row.
    await using var db = new SqliteConnection($"Data Source={server.DatabaseFile};Mode=ReadOnly");
    await db.OpenAsync(ct);
    var stored = await CountAsync(db, "SELECT COUNT(*) FROM orders");
    var lines = await CountAsync(db, "SELECT COUNT(*) FROM order_lines");
    var outbox = await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE \"Type\" = 'integration.order.placed.v1'");
    var deliveries = await CountAsync(db, "SELECT COUNT(*) FROM order_deliveries");
    var expected = offset + measured;
    var expectedDeliveries = withDelivery ? expected : 0;
    Console.WriteLine($"stored: {stored} orders, {lines} lines, {outbox} OrderPlaced outbox rows, {deliveries} delivery ids " +
        $"(expected {expected}, {expected * 2}, {expected}, {expectedDeliveries})");
    var ok = stored == expected && outbox == expected && lines == expected * 2 && deliveries == expectedDeliveries;

    // The dispatcher may still be publishing the run's events when the last call returns: that CPU belongs to the orders
    // too (an extra figure; the one above is comparable with earlier runs).
    var drain = Stopwatch.GetTimestamp();
    while (await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE \"PublishedAt\" IS NULL") > 0)
    {
        await Task.Delay(100, ct);
    }

    Console.WriteLine($"outbox drained {Stopwatch.GetElapsedTime(drain).TotalSeconds:F1} s after the last call; service CPU per order " +
        $"including that: {(server.ProcessorTime - serverCpu).TotalMicroseconds / measured:F0} us");

    var calls = parse.GetValue(floor);
    if (calls > 0)
    {
        await FloorAsync(client, Math.Min(calls, 5_000), inFlight, ct);
        var floorServer = server.ProcessorTime;
        var floorClient = Process.GetCurrentProcess().TotalProcessorTime;
        var floorElapsed = await FloorAsync(client, calls, inFlight, ct);
        Console.WriteLine($"floor: {calls} refused IngestOrder calls in {floorElapsed.TotalSeconds:F2} s => {calls / floorElapsed.TotalSeconds:F0} calls/s; " +
            $"CPU per call: service {(server.ProcessorTime - floorServer).TotalMicroseconds / calls:F0} us, " +
            $"bench client {(Process.GetCurrentProcess().TotalProcessorTime - floorClient).TotalMicroseconds / calls:F0} us");
    }

    return ok ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();

static double Ms(LongHistogram histogram, double percentile) =>
    histogram.GetValueAtPercentile(percentile) / OutputScalingFactor.TimeStampToMilliseconds;

static async Task<long> CountAsync(SqliteConnection db, string sql)
{
    await using var command = db.CreateCommand();
    command.CommandText = sql;
    return (long)(await command.ExecuteScalarAsync())!;
}

// Calls without an order: the service refuses each before any work (no database, no queue).
static async Task<TimeSpan> FloorAsync(OrderService.OrderServiceClient client, int count, int inFlight, CancellationToken ct)
{
    var next = -1;
    var start = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            try
            {
                await client.IngestOrderAsync(new IngestOrderRequest(), cancellationToken: ct);
                throw new InvalidOperationException("an IngestOrder call without an order was accepted");
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
            {
                // Expected.
            }
        }
    }));
    return Stopwatch.GetElapsedTime(start);
}

static async Task<(TimeSpan Elapsed, LongHistogram Histogram)> RunAsync(
    OrderService.OrderServiceClient client, string name, int offset, int count, int inFlight, bool withDelivery, CancellationToken ct)
{
    var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
    var next = -1;
    var start = Stopwatch.GetTimestamp();
    var workers = Enumerable.Range(0, inFlight).Select(async _ =>
    {
        var local = new LongHistogram(TimeStamp.Minutes(1), 3);
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var request = new IngestOrderRequest { Order = Sample(offset + i) };
            if (withDelivery)
            {
                request.Delivery = new Delivery { DeliveryId = $"bench-delivery-{offset + i}" };
            }

            var began = Stopwatch.GetTimestamp();
            var response = await client.IngestOrderAsync(request, cancellationToken: ct);
            local.RecordValue(Stopwatch.GetTimestamp() - began);
            if (!response.Created)
            {
                throw new InvalidOperationException($"order {offset + i} was not created");
            }
        }

        return local;
    }).ToList();
    foreach (var local in await Task.WhenAll(workers))
    {
        histogram.Add(local);
    }

    var elapsed = Stopwatch.GetElapsedTime(start);
    if (name == "warm-up")
    {
        Console.WriteLine($"warm-up: {count} orders in {elapsed.TotalSeconds:F2} s");
    }

    return (elapsed, histogram);
}

// A typical web order: two lines (one discounted, two taxes), taxed shipping, reported totals that reconcile.
static Order Sample(int n)
{
    var placed = Timestamp.FromDateTime(new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc).AddSeconds(n));
    var order = new Order
    {
        Channel = "bench-shop",
        ExternalOrderId = (5_000_000_000_000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
        OrderNumber = "#" + n,
        CurrencyCode = "EUR",
        TaxesIncluded = true,
        CustomerReference = $"customer-{n % 997}@example.com",
        PlacedAt = placed,
        ChannelUpdatedAt = placed,
        Totals = new OrderTotals
        {
            Subtotal = 52.97m.ToMoney("EUR"),
            TotalDiscounts = 5.00m.ToMoney("EUR"),
            TotalShipping = 4.90m.ToMoney("EUR"),
            TotalTax = 9.32m.ToMoney("EUR"),
            Total = 57.87m.ToMoney("EUR"),
        },
    };
    var tee = new OrderLine
    {
        ExternalLineId = "1", Sku = $"TEE-{n % 50}", Title = "Classic tee", Quantity = 2,
        UnitPrice = 19.99m.ToMoney("EUR"), TotalDiscount = 5.00m.ToMoney("EUR"),
    };
    tee.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 5.58m.ToMoney("EUR") });
    tee.TaxLines.Add(new TaxLine { Title = "Eco levy", Rate = "0.0025", Amount = 0.09m.ToMoney("EUR") });
    var mug = new OrderLine { ExternalLineId = "2", Sku = "MUG-01", Title = "Mug", Quantity = 1, UnitPrice = 17.99m.ToMoney("EUR") };
    mug.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 2.87m.ToMoney("EUR") });
    order.Lines.Add(tee);
    order.Lines.Add(mug);
    var shipping = new ShippingLine { Title = "Standard", Price = 4.90m.ToMoney("EUR") };
    shipping.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 0.78m.ToMoney("EUR") });
    order.ShippingLines.Add(shipping);
    return order;
}
