using System.Data.Common;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.Messaging.Tests;

/// <summary>
/// A shutdown can arrive after the lease statement has run but before its rows are read back. The rows are leased
/// then: the round must get them (to publish or give back), not throw and leave them held for the whole lease with
/// nobody to release them — a successor would wait out the lease before publishing anything.
/// </summary>
public sealed class LeaseShutdownTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"lease-shutdown-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Theory]
    [InlineData(true)] // SQLite's one UPDATE … RETURNING
    [InlineData(false)] // the LINQ lease other providers use
    public async Task Rows_leased_when_the_service_began_stopping_are_returned_to_the_round(bool sqliteStatement)
    {
        await using (var setup = Create(interceptor: null))
        {
            await setup.Database.EnsureCreatedAsync();
            setup.Set<OutboxMessage>().AddRange(Row("evt-1"), Row("evt-2"));
            await setup.SaveChangesAsync();
        }

        using var stopping = new CancellationTokenSource();
        var shutdown = new StopAfterLease(stopping);
        await using var db = Create(shutdown);

        var leased = sqliteStatement
            ? await OutboxStore.LeaseAsync(db, "round-a", Now, TimeSpan.FromSeconds(30), batchSize: 10, stopping.Token)
            : await OutboxStore.LeaseWithQueriesAsync(db, "round-a", Now, TimeSpan.FromSeconds(30), batchSize: 10, stopping.Token);

        Assert.True(stopping.IsCancellationRequested, "the shutdown never arrived: the lease statement was not seen");
        Assert.Equal(["evt-1", "evt-2"], leased.Select(r => r.EventId));
        // What the round does with them on the way out: give them back, so a successor can publish at once.
        await OutboxStore.ReleaseAsync(db, "round-a", leased.Select(r => r.Id).ToList(), CancellationToken.None);
        Assert.All(await db.Set<OutboxMessage>().AsNoTracking().ToListAsync(), r => Assert.Null(r.LeaseOwner));
    }

    private static OutboxMessage Row(string eventId) => new()
    {
        EventId = eventId, Type = "integration.catalog.product-changed.v1", AggregateKey = "product/p-1", Data = "{}",
        CreatedAt = Now, NextAttemptAt = Now,
    };

    private EffectsDbContext Create(IInterceptor? interceptor)
    {
        var options = new DbContextOptionsBuilder<EffectsDbContext>().UseSqlite($"Data Source={_file}");
        if (interceptor is not null)
        {
            options.AddInterceptors(interceptor);
        }

        return new EffectsDbContext(options.Options);
    }

    /// <summary>Signals the shutdown the moment the statement that takes the lease has executed.</summary>
    private sealed class StopAfterLease(CancellationTokenSource stopping) : DbCommandInterceptor
    {
        public override ValueTask<int> NonQueryExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            StopIfLease(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            StopIfLease(command);
            return ValueTask.FromResult(result);
        }

        private void StopIfLease(DbCommand command)
        {
            if (command.CommandText.Contains("\"LeaseOwner\" = @", StringComparison.Ordinal))
            {
                stopping.Cancel();
            }
        }
    }
}
