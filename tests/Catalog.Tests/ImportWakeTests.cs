using Integration.Catalog.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Catalog.Tests.CatalogWrites;

namespace Integration.Catalog.Tests;

/// <summary>
/// The import writes its outbox rows with its own SQL, past EF's change tracking: its commit must still wake the
/// dispatcher, or a first sync's ProductChanged events would wait for the poll (here 30 s) instead of leaving at once.
/// </summary>
public sealed class ImportWakeTests : IAsyncLifetime
{
    private readonly CatalogFactory _factory = new();

    public Task InitializeAsync()
    {
        _factory.Set("Messaging:PollInterval", "00:00:30");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_imports_events_are_published_without_waiting_for_the_poll()
    {
        var client = new CatalogService.CatalogServiceClient(_factory.CreateGrpcChannel());
        // The dispatcher's first round (at start) has passed: from here only a wake-up or the 30 s poll runs another.
        await client.GetOwnershipRegistryAsync(new GetOwnershipRegistryRequest());
        await Task.Delay(TimeSpan.FromSeconds(1));

        using (var call = client.ImportProducts())
        {
            foreach (var i in Enumerable.Range(0, 50))
            {
                await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = Write("erp", 1, Tee($"WAKE-{i:D2}", $"WAKE-{i:D2}-M")) });
            }

            await call.RequestStream.CompleteAsync();
            Assert.Equal(50, (await call).Created);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        int pending;
        do
        {
            await Task.Delay(100);
            await using var scope = _factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(50, await db.Set<OutboxMessage>().CountAsync(m => m.AggregateKey.StartsWith("product/WAKE-")));
            pending = await db.Set<OutboxMessage>().CountAsync(m => m.AggregateKey.StartsWith("product/WAKE-") && m.PublishedAt == null);
        }
        while (pending > 0 && waited.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(0, pending);
    }
}
