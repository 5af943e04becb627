using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// Per-connection SQLite settings. busy_timeout hands lock waits to SQLite's own busy handler
/// (back-off from 1 ms) instead of the ADO.NET provider's retry loop, which sleeps 150 ms per try.
/// WAL, a property of the file, is set once at start-up.
/// </summary>
public sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";

    public static readonly SqliteConnectionTuning Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
