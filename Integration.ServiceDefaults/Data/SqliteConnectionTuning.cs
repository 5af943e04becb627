using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// Per-connection SQLite settings. busy_timeout hands lock waits to SQLite's own busy handler
/// (back-off from 1 ms) instead of the ADO.NET provider's retry loop, which sleeps 150 ms per try.
/// synchronous = NORMAL: in WAL mode a commit no longer waits for an fsync (checkpoints still sync). A process
/// crash loses nothing; a power loss may lose the last commits, but a state change and its outbox row share one
/// transaction, so they are lost together and the outbox's atomicity holds. Production runs on SQL Server or
/// PostgreSQL; SQLite is the embedded default. WAL, a property of the file, is set once at start-up.
/// (A per-file in-process queue in front of BEGIN, instead of the busy handler, was tried for the messaging
/// benchmark and showed no gain: the hand-over waits for a thread-pool turn.)
/// </summary>
public sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    private const string FirstOpenPragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    // Foreign keys are re-asserted on every open: EF's SQLite migrations switch them off around table rebuilds, and a
    // pooled connection left that way by a failed one must not go on without them. Through sqlite3_db_config, the
    // setting PRAGMA foreign_keys changes, without a statement to prepare, run and finalise on every open.
    private const string EveryOpenPragmas = "PRAGMA foreign_keys = ON;";

    public static readonly SqliteConnectionTuning Instance = new();

    // The settings live on the physical connection, which Microsoft.Data.Sqlite pools and hands out again on every
    // open: tuned once per native handle, not on every open (statements parsed per unit of work otherwise).
    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Reopened(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = FirstOpen(connection) ? FirstOpenPragmas : EveryOpenPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Reopened(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = FirstOpen(connection) ? FirstOpenPragmas : EveryOpenPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Tuned.TryAdd(handle, handle);

    /// <summary>A pooled physical connection tuned before: foreign keys back on (outside a transaction, as on open), and done.</summary>
    private static bool Reopened(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || !Tuned.TryGetValue(handle, out _))
        {
            return false;
        }

        var rc = raw.sqlite3_db_config(handle, raw.SQLITE_DBCONFIG_ENABLE_FKEY, 1, out var enabled);
        // Not expected from a valid handle; the statement is the fallback that reports its own error.
        return rc == raw.SQLITE_OK && enabled == 1;
    }
}
