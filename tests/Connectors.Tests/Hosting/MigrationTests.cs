using Integration.Connectors.Data;
using Integration.ServiceDefaults.Data;
using Integration.Testing;

namespace Integration.Connectors.Tests.Hosting;

public sealed class MigrationTests
{
    private const string Prefix = "Connectors";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Migrations_match_the_model(DatabaseProvider provider) =>
        MigrationChecks.AssertNoPendingModelChanges<ConnectorsDbContext>(Prefix, provider);

    [Fact]
    public async Task Migrations_apply_to_a_new_sqlite_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"connectors-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await MigrationChecks.AssertAppliesAsync<ConnectorsDbContext>(Prefix, DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Migrations_apply_to_a_real_postgresql_server() =>
        await MigrationChecks.AssertAppliesAsync<ConnectorsDbContext>(
            Prefix, DatabaseProvider.PostgreSql, await PostgresServer.CreateDatabaseAsync("connectorsdb"));
}
