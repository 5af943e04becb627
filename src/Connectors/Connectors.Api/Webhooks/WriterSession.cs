using Integration.Connectors.Data;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// The delivery writer's context on a connection kept open across batches. On SQLite the connection's automatic
/// checkpoint threshold is raised: <see cref="WalCheckpointer"/> copies the WAL on its own connection instead, so a
/// commit (and every request waiting for it) does not also pay for a checkpoint and its fsyncs.
/// </summary>
internal sealed class WriterSession : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private WriterSession(AsyncServiceScope scope, ConnectorsDbContext db, bool sqlite)
    {
        _scope = scope;
        Db = db;
        Sqlite = sqlite;
    }

    public ConnectorsDbContext Db { get; }

    public bool Sqlite { get; }

    public static async Task<WriterSession> OpenAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
            await db.Database.OpenConnectionAsync(ct);
            var sqlite = db.Database.IsSqlite();
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync($"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterAutoCheckpointPages};", ct);
            }

            return new WriterSession(scope, db, sqlite);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Sqlite)
            {
                // The connection goes back to the pool: with SQLite's default threshold, as every other user expects.
                await Db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint = 1000;");
            }

            await Db.Database.CloseConnectionAsync();
        }
        catch (Exception)
        {
            // A broken connection is not reused: closing it is all there is to do.
        }
        finally
        {
            await _scope.DisposeAsync();
        }
    }
}
