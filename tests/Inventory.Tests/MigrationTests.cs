using Integration.Inventory.Data;
using Integration.ServiceDefaults.Data;
using Integration.Testing;

namespace Integration.Inventory.Tests;

public sealed class MigrationTests
{
    private const string Prefix = "Inventory";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Migrations_match_the_model(DatabaseProvider provider) =>
        MigrationChecks.AssertNoPendingModelChanges<InventoryDbContext>(Prefix, provider);

    [Fact]
    public async Task Migrations_apply_to_a_new_sqlite_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"inventory-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await MigrationChecks.AssertAppliesAsync<InventoryDbContext>(Prefix, DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Migrations_apply_to_a_real_postgresql_server() =>
        await MigrationChecks.AssertAppliesAsync<InventoryDbContext>(
            Prefix, DatabaseProvider.PostgreSql, await PostgresServer.CreateDatabaseAsync("inventory"));
}
