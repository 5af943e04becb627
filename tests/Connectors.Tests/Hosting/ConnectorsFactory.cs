using Integration.Connectors.Data;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Connectors.Tests.Hosting;

/// <summary>The Connectors service in memory on its own SQLite file.</summary>
public sealed class ConnectorsFactory() : ServiceFactory<Program>("connectorsdb")
{
    /// <summary>Reads the service's database directly, to check what it really stored.</summary>
    public async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>());
    }
}
