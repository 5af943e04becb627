using System.CommandLine;
using System.Diagnostics;
using Integration.Bench;
using Integration.Catalog.Bench;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;

var products = new Option<int>("--products") { Description = "Products per import pass", DefaultValueFactory = _ => 20_000 };
var variants = new Option<int>("--variants") { Description = "Variants per product", DefaultValueFactory = _ => 2 };
var service = new Option<string>("--service")
{
    Description = "The Catalog service assembly to run",
    DefaultValueFactory = _ => Path.Combine("src", "Catalog", "Catalog.Api", "bin", "Release", "net10.0", "Catalog.Api.dll"),
};

var settle = new Option<bool>("--settle")
{
    Description = "Before each pass, wait until the service is idle (the outbox dispatcher has published the previous pass's events), " +
        "so each pass's CPU is its own; off by default (the headline figures are without it)",
};

var root = new RootCommand("Bulk import throughput: products/s through Catalog's ImportProducts client stream into SQLite (the real service process).")
{
    products, variants, service, settle,
};
root.SetAction(async (parse, ct) =>
{
    await using var catalog = await ServiceProcess.StartAsync(Path.GetFullPath(parse.GetValue(service)!), "catalogdb",
        (channel, token) => new CatalogService.CatalogServiceClient(channel).GetOwnershipRegistryAsync(new GetOwnershipRegistryRequest(), cancellationToken: token).ResponseAsync, ct);
    var client = new CatalogService.CatalogServiceClient(catalog.Channel);
    var serviceCpu = ServiceCpu.Find(parse.GetValue(service)!);
    var count = parse.GetValue(products);
    var perProduct = parse.GetValue(variants);

    await Pass("warm-up (1,000 new products, not counted)", Rows(1_000, perProduct, version: 1, cost: 1m, prefix: "WARM"));
    await Pass("first import (all new)", Rows(count, perProduct, version: 1, cost: 1m, prefix: "P"));
    await Pass("same stream again (idempotent, nothing changes)", Rows(count, perProduct, version: 1, cost: 1m, prefix: "P"));
    await Pass("new costs from the ERP (every product changes)", Rows(count, perProduct, version: 2, cost: 2m, prefix: "P"));
    // Extra figure, not the headline: the first pass also pays the JIT's tier-up of code the 1,000-product warm-up did
    // not settle (measured up to a third of the service's CPU on a loaded machine); by now it has.
    await Pass("extra: new products again, the service warm (JIT settled)", Rows(count, perProduct, version: 1, cost: 1m, prefix: "Q"));

    async Task Pass(string name, IEnumerable<UpsertProductRequest> rows)
    {
        if (parse.GetValue(settle))
        {
            await SettleAsync();
        }

        var start = Stopwatch.GetTimestamp();
        var cpuBefore = serviceCpu.Used;
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var call = client.ImportProducts(cancellationToken: ct);
        foreach (var row in rows)
        {
            await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = row }, ct);
        }

        await call.RequestStream.CompleteAsync();
        var result = await call;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // CPU per product is the figure other load on the machine does not distort (the dispatcher publishing the pass's
        // events afterwards is partly outside the window).
        var service = (serviceCpu.Used - cpuBefore).TotalMicroseconds / result.Results.Count;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMicroseconds / result.Results.Count;
        Console.WriteLine($"{name}: {result.Results.Count} rows in {seconds:F2} s => {result.Results.Count / seconds:F0} products/s " +
            $"(created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}, rejected {result.Rejected}); " +
            $"CPU per product: service {service:F0} us, bench client {own:F0} us");
    }

    // Idle: under 10 ms of service CPU in half a second (2 % of a core), or 60 s passed.
    async Task SettleAsync()
    {
        var start = Stopwatch.GetTimestamp();
        var before = serviceCpu.Used;
        var last = before;
        do
        {
            await Task.Delay(500, ct);
            var now = serviceCpu.Used;
            if ((now - last).TotalMilliseconds < 10)
            {
                break;
            }

            last = now;
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 60);

        Console.WriteLine($"  (settled: {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s, service CPU meanwhile {(serviceCpu.Used - before).TotalMilliseconds:F0} ms)");
    }
});

return await root.Parse(args).InvokeAsync();

static IEnumerable<UpsertProductRequest> Rows(int count, int variants, long version, decimal cost, string prefix)
{
    for (var i = 0; i < count; i++)
    {
        var product = new Product { ProductId = $"{prefix}-{i:D6}", Title = $"Product {i}", Description = "Imported from the ERP item master", Active = true };
        for (var v = 0; v < variants; v++)
        {
            var variant = new Variant
            {
                Sku = $"{prefix}-{i:D6}-{v}", Barcode = "4006381333931", Title = $"Size {v}", UnitCost = (cost + v).ToMoney("EUR"),
                TaxClass = "standard", GlCategory = "apparel", WeightGrams = 200, Active = true,
            };
            variant.ListPrices.Add(19.99m.ToMoney("EUR"));
            product.Variants.Add(variant);
        }

        yield return new UpsertProductRequest { SourceSystem = "erp", SourceVersion = version, Product = product };
    }
}
