using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// Applies pending migrations before the service takes traffic (hosted services start before
/// Kestrel listens), so a replica never serves on an old schema.
/// </summary>
public sealed partial class MigrateDatabaseHostedService<TContext>(
    IServiceProvider services, ILogger<MigrateDatabaseHostedService<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(logger, typeof(TContext).Name, pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while one writer commits; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogReady(logger, typeof(TContext).Name, db.Database.ProviderName ?? "unknown");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migrations to {Context}: {Migrations}")]
    private static partial void LogApplying(ILogger logger, string context, int count, IReadOnlyList<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Context} database is up to date on {Provider}")]
    private static partial void LogReady(ILogger logger, string context, string provider);
}
