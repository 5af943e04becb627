using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
/// A service whose working set outgrows SQLite's default 2 MiB page cache asks for a larger one
/// (<paramref name="pageCacheKiB"/>): pages beyond the cache are read back from the file on every use. It is filled only
/// by pages read, so a connection holds at most the pages it used.
/// </summary>
public sealed class SqliteConnectionTuning(int? pageCacheKiB = null) : DbConnectionInterceptor
{
    private const string FirstOpenPragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    // Re-asserted on every open: EF's SQLite migrations switch it off around table rebuilds, and a pooled connection
    // left that way by a failed one must not go on without foreign keys.
    private const string EveryOpenPragmas = "PRAGMA foreign_keys = ON;";

    public static readonly SqliteConnectionTuning Instance = new();

    // The settings live on the physical connection, which Microsoft.Data.Sqlite pools and hands out again on every
    // open: tuned once per native handle, not on every open (statements parsed per unit of work otherwise).
    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    // A negative cache_size is in KiB.
    private readonly string _firstOpen = pageCacheKiB is { } kib
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FirstOpenPragmas} PRAGMA cache_size = -{kib};")
        : FirstOpenPragmas;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = FirstOpen(connection) ? _firstOpen : EveryOpenPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = FirstOpen(connection) ? _firstOpen : EveryOpenPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Tuned.TryAdd(handle, handle);
}
