using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.Messaging.Bench;

/// <summary>
/// An experiment knob (--wal-autocheckpoint): SQLite's automatic checkpoint threshold in WAL pages (its default 1,000,
/// about 4 MB), set once per physical connection. The services keep SQLite's default; the bench asks whether the
/// checkpoints (copying the WAL's pages into the database file, two fsyncs) are a share of the CPU per event worth a setting.
/// </summary>
public sealed class WalCheckpointSetting(int pages) : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Set = [];

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection { Handle: { } handle } && Set.TryAdd(handle, handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_autocheckpoint = {pages};";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection { Handle: { } handle } && Set.TryAdd(handle, handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_autocheckpoint = {pages};";
            command.ExecuteNonQuery();
        }
    }
}
