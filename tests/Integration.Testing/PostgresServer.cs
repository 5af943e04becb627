using Npgsql;

namespace Integration.Testing;

/// <summary>
/// The PostgreSQL server started by tests/run.sh (or .ci/run). Its admin connection string comes
/// from INTEGRATION_TEST_POSTGRES; each test gets a fresh database of its own.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "INTEGRATION_TEST_POSTGRES";

    /// <summary>The admin connection string; fails with how to get one when it is not set.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the suite with tests/run.sh, which starts a PostgreSQL server on loopback and sets it.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var full = $"{prefix}_{Guid.NewGuid():N}";
        var name = full[..Math.Min(40, full.Length)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }
}
