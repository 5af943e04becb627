using System.Data.Common;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.Messaging.Tests;

/// <summary>
/// A dispatcher round chooses its rows, then leases them. Until the lease statement runs, another round can finish
/// with a row: the lease must not take it back. These tests run that interleaving on purpose: an interceptor lets
/// "the other round" act on the row just before the lease statement executes (on SQLite the statement that both
/// chooses and leases, so every guard of the choice must hold in it).
/// </summary>
public sealed class LeaseRaceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"lease-race-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Theory]
    // The other round parked it: leasing it again would publish a dead letter's message behind the operator's back.
    [InlineData("UPDATE outbox_messages SET DeadLetteredAt = '2026-01-01 00:00:00', Attempts = 2 WHERE Id = 1")]
    // The other round failed to publish it and set a backoff: leasing it now would retry before the backoff.
    [InlineData("UPDATE outbox_messages SET NextAttemptAt = '2999-01-01 00:00:00', Attempts = 1 WHERE Id = 1")]
    // The other round published it.
    [InlineData("UPDATE outbox_messages SET PublishedAt = '2026-01-01 00:00:00' WHERE Id = 1")]
    public async Task A_row_another_round_finished_with_after_it_was_read_is_not_leased(string otherRound)
    {
        var now = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        await using (var setup = Create(interceptor: null))
        {
            await setup.Database.EnsureCreatedAsync();
            setup.Set<OutboxMessage>().Add(new OutboxMessage
            {
                EventId = "evt-1", Type = "integration.catalog.product-changed.v1", AggregateKey = "product/p-1", Data = "{}",
                CreatedAt = now, NextAttemptAt = now,
            });
            await setup.SaveChangesAsync();
        }

        var race = new ActBeforeLease($"Data Source={_file}", otherRound);
        await using var db = Create(race);

        var leased = await OutboxStore.LeaseAsync(db, "round-a", now, TimeSpan.FromSeconds(30), batchSize: 10, CancellationToken.None);

        Assert.True(race.Acted, "the interleaving did not happen: the lease statement was never seen");
        Assert.Empty(leased);
        var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync();
        Assert.Null(row.LeaseOwner);
    }

    [Fact]
    public async Task Without_interference_the_same_row_is_leased()
    {
        var now = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        await using var db = Create(interceptor: null);
        await db.Database.EnsureCreatedAsync();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = "evt-1", Type = "integration.catalog.product-changed.v1", AggregateKey = "product/p-1", Data = "{}",
            CreatedAt = now, NextAttemptAt = now,
        });
        await db.SaveChangesAsync();

        var leased = await OutboxStore.LeaseAsync(db, "round-a", now, TimeSpan.FromSeconds(30), batchSize: 10, CancellationToken.None);

        Assert.Equal("evt-1", Assert.Single(leased).EventId);
    }

    private EffectsDbContext Create(IInterceptor? interceptor)
    {
        var options = new DbContextOptionsBuilder<EffectsDbContext>().UseSqlite($"Data Source={_file}");
        if (interceptor is not null)
        {
            options.AddInterceptors(interceptor);
        }

        return new EffectsDbContext(options.Options);
    }

    /// <summary>
    /// Runs "the other round's" statement on its own connection just before the lease statement executes: the LINQ
    /// lease's conditional UPDATE (a non-query), or on SQLite the one UPDATE … RETURNING that chooses and leases (a reader).
    /// </summary>
    private sealed class ActBeforeLease(string connectionString, string sql) : DbCommandInterceptor
    {
        public bool Acted { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await ActIfLeaseAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await ActIfLeaseAsync(command, cancellationToken);
            return result;
        }

        private async Task ActIfLeaseAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (!Acted && command.CommandText.Contains("\"LeaseOwner\" = ", StringComparison.Ordinal))
            {
                Acted = true;
                await using var other = new SqliteConnection(connectionString);
                await other.OpenAsync(cancellationToken);
                await using var update = other.CreateCommand();
                update.CommandText = sql;
                Assert.Equal(1, await update.ExecuteNonQueryAsync(cancellationToken));
            }
        }
    }
}
