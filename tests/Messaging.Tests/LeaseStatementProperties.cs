using CsCheck;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Tests;

/// <summary>
/// On SQLite the lease is one hand-written statement; the LINQ lease (what the other providers run) is the judge: from
/// the same outbox, both must lease the same rows and leave the table the same — whatever mix of published, parked,
/// backed-off, leased and expired rows the aggregates hold.
/// </summary>
public sealed class LeaseStatementProperties : IDisposable
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("lease-statement-").FullName;
    private int _files;

    private enum RowState
    {
        Due,
        Published,
        Parked,
        BackingOff,
        LeasedElsewhere,
        LeaseExpired,
        PublishedLongAgo,
    }

    private static readonly Gen<(string Aggregate, RowState State, int Attempts)> Rows = Gen.Select(
        Gen.Int[0, 3].Select(a => $"product/p-{a}"),
        Gen.Frequency((5, Gen.Const(RowState.Due)), (2, Gen.Const(RowState.Published)), (1, Gen.Const(RowState.Parked)),
            (1, Gen.Const(RowState.BackingOff)), (1, Gen.Const(RowState.LeasedElsewhere)), (1, Gen.Const(RowState.LeaseExpired)),
            (1, Gen.Const(RowState.PublishedLongAgo))),
        Gen.Int[0, 3]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_statement_leases_what_the_queries_lease()
    {
        await Gen.Select(Rows.List[0, 30], Gen.Int[1, 12]).SampleAsync(async (rows, batchSize) =>
        {
            var (byStatement, statementTable) = await LeaseAsync(rows, db => OutboxStore.LeaseAsync(db, "round-a", Now, TimeSpan.FromSeconds(30), batchSize, CancellationToken.None));
            var (byQueries, queriesTable) = await LeaseAsync(rows, db => OutboxStore.LeaseWithQueriesAsync(db, "round-a", Now, TimeSpan.FromSeconds(30), batchSize, CancellationToken.None));

            Assert.Equal(string.Join("\n", byQueries.Select(Describe)), string.Join("\n", byStatement.Select(Describe)));
            Assert.Equal(queriesTable, statementTable);
        }, iter: 150);
    }

    [Fact]
    public async Task The_statement_runs_on_sqlite()
    {
        // The property above compares the two paths only if LeaseAsync really takes the statement here.
        await using var db = Create(Path.Combine(_folder, "provider.db"));
        Assert.True(SqliteOutboxStatements.Applies(db));
    }

    private async Task<(List<OutboxMessage> Leased, List<string> Table)> LeaseAsync(
        IReadOnlyList<(string Aggregate, RowState State, int Attempts)> rows, Func<EffectsDbContext, Task<List<OutboxMessage>>> lease)
    {
        await using var db = Create(Path.Combine(_folder, $"outbox-{Interlocked.Increment(ref _files)}.db"));
        await db.Database.EnsureCreatedAsync();
        for (var i = 0; i < rows.Count; i++)
        {
            var (aggregate, state, attempts) = rows[i];
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                EventId = $"evt-{i}", Type = "integration.catalog.product-changed.v1", AggregateKey = aggregate, Data = $"{{\"n\":{i}}}",
                TraceParent = i % 2 == 0 ? null : "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                CreatedAt = Now.AddSeconds(-100 + i), Attempts = attempts,
                NextAttemptAt = state == RowState.BackingOff ? Now.AddSeconds(5) : Now.AddSeconds(-1),
                PublishedAt = state switch
                {
                    RowState.Published => Now.AddSeconds(-1),
                    RowState.PublishedLongAgo => Now.AddDays(-3),
                    _ => null,
                },
                DeadLetteredAt = state == RowState.Parked ? Now.AddSeconds(-2) : null,
                LastError = state is RowState.Parked or RowState.BackingOff ? "HttpRequestException: refused" : null,
                LeaseOwner = state switch
                {
                    RowState.LeasedElsewhere => "round-b",
                    RowState.LeaseExpired => "round-crashed",
                    _ => null,
                },
                LeaseUntil = state switch
                {
                    RowState.LeasedElsewhere => Now.AddSeconds(10),
                    RowState.LeaseExpired => Now.AddSeconds(-10),
                    _ => null,
                },
            });
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var leased = await lease(db);
        var table = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id)
            .Select(m => $"{m.Id} {m.LeaseOwner} {m.LeaseUntil:O} {m.PublishedAt:O} {m.DeadLetteredAt:O} {m.Attempts}").ToListAsync();
        return (leased, table);
    }

    private static string Describe(OutboxMessage m) =>
        $"{m.Id} {m.EventId} {m.Type} {m.AggregateKey} {m.Data} {m.TraceParent} {m.CreatedAt:O} {m.Attempts} {m.NextAttemptAt:O} {m.LastError} {m.LeaseOwner} {m.LeaseUntil:O}";

    private static EffectsDbContext Create(string file) =>
        new(new DbContextOptionsBuilder<EffectsDbContext>().UseSqlite($"Data Source={file}").Options);
}
