using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inventory.Tests;

/// <summary>The Inventory service in memory on its own SQLite file.</summary>
public class InventoryFactory() : ServiceFactory<Program>("inventorydb")
{
    public InventoryService.InventoryServiceClient CreateInventoryClient() => new(CreateGrpcChannel());

    /// <summary>Runs <paramref name="work"/> on the service's own database, to check what the RPCs stored.</summary>
    public async Task<T> WithDbAsync<T>(Func<InventoryDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<InventoryDbContext>());
    }
}
