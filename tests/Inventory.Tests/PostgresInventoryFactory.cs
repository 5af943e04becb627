using Integration.Testing;
using Npgsql;

namespace Integration.Inventory.Tests;

/// <summary>The Inventory service in memory on a fresh PostgreSQL database: real row locks and real races.</summary>
public sealed class PostgresInventoryFactory : InventoryFactory, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // Pooled and capped, as in production, so 50 parallel calls queue for connections instead of exhausting the server.
        var connection = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("inventory"))
        {
            Pooling = true,
            MaxPoolSize = 20,
        };
        Set("Database:Provider", "PostgreSql");
        Set("ConnectionStrings:inventorydb", connection.ConnectionString);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
