using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Money;
using Xunit.Abstractions;

namespace Integration.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class EventFlowTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_catalog_change_reaches_inventory_through_an_event_in_one_trace()
    {
        var sku = $"TRACE-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        // Our own root span: its trace id travels in traceparent into Catalog, the outbox row, the
        // CloudEvent and Inventory's handler.
        using var root = new Activity("app-host-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var catalog = new CatalogService.CatalogServiceClient(fixture.Channel("catalog"));
        var product = new Product { ProductId = sku, Title = "Traced tee", Active = true };
        product.Variants.Add(new Variant { Sku = sku, UnitCost = 2.50m.ToMoney("EUR"), Active = true });
        await catalog.UpsertProductAsync(new UpsertProductRequest { SourceSystem = "erp", SourceVersion = 1, Product = product });
        root.Stop();

        var inventory = new InventoryService.InventoryServiceClient(fixture.Channel("inventory"));
        var learned = await Eventually(async () =>
        {
            var availability = await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku } });
            return availability.Items[0].CatalogVersion == 1 ? availability.Items[0] : null;
        });
        Assert.True(learned.CatalogActive);

        var spans = await Eventually(async () =>
        {
            var found = await SpansOfTraceAsync(root.TraceId.ToHexString());
            // Each service exports in its own batches: wait until the hop's three spans have all arrived.
            return found.Any(s => s is ("inventory", "process integration.catalog.product-changed.v1"))
                && found.Any(s => s is ("catalog", "publish integration.catalog.product-changed.v1"))
                && found.Any(s => s is ("catalog", "POST /integration.catalog.v1.CatalogService/UpsertProduct"))
                ? found
                : null;
        });
        foreach (var span in spans)
        {
            output.WriteLine($"{span.Service}: {span.Name}");
        }

        Assert.Contains(spans, s => s is ("inventory", "process integration.catalog.product-changed.v1"));
    }

    private async Task<List<(string Service, string Name)>> SpansOfTraceAsync(string traceId)
    {
        using var http = new HttpClient { BaseAddress = fixture.Dashboard };
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/telemetry/traces"));
        var spans = new List<(string, string)>();
        foreach (var resource in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resource.TryGetProperty("resource", out var r)
                ? r.GetProperty("attributes").EnumerateArray()
                    .Where(a => a.GetProperty("key").GetString() == "service.name")
                    .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
                    .FirstOrDefault() ?? "?"
                : "?";
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    if (span.GetProperty("traceId").GetString() == traceId)
                    {
                        spans.Add((service, span.GetProperty("name").GetString() ?? string.Empty));
                    }
                }
            }
        }

        return spans;
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            Assert.True(clock.Elapsed < Patience, $"not observed within {Patience.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
