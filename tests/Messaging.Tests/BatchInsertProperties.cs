using CsCheck;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Integration.Testing.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Tests;

/// <summary>
/// On SQLite BatchInsert runs one prepared statement per pooled connection, its values bound by position: the rows it
/// stores are EF's, column by column (SQLite type and literal), for the outbox, the inbox and a table with nullable
/// columns and a store-generated key.
/// </summary>
public sealed class BatchInsertProperties : IDisposable
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const(string.Empty), Gen.String, Gen.String[Gen.Char, 0, 300], Gen.Const("é ünïcode ✓ 𝄞"), Gen.Const("nul\0inside"), Gen.Const("'; DROP TABLE x; --"));

    private static readonly Gen<DateTime> Time = Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks].Select(t => new DateTime(t, DateTimeKind.Utc));

    private static readonly Gen<OutboxMessage> Outbox = Gen.Select(
        Gen.Select(Text, Text, Text, Text.Null(), Time, Gen.Int),
        Gen.Select(Time, Text.Null(), Time.Nullable(), Time.Nullable(), Time.Nullable(), Text.Null()),
        Gen.Int[0, int.MaxValue],
        (a, b, n) => new OutboxMessage
        {
            EventId = $"e{n}", Type = a.Item1, AggregateKey = a.Item2, Data = a.Item3, TraceParent = a.Item4, CreatedAt = a.Item5, Attempts = a.Item6,
            NextAttemptAt = b.Item1, LeaseOwner = b.Item2, LeaseUntil = b.Item3, PublishedAt = b.Item4, DeadLetteredAt = b.Item5, LastError = b.Item6,
        });

    private static readonly Gen<InboxRecord> Inbox = Gen.Select(Text, Text, Text, Time).Select(v => new InboxRecord { Consumer = v.Item1, EventId = v.Item2, Type = v.Item3, ProcessedAt = v.Item4 });

    private static readonly Gen<Effect> Effects = Gen.Select(Text, Text.Null(), Time).Select(v => new Effect { Key = v.Item1, EventId = v.Item2, At = v.Item3 });

    private readonly string _folder = Directory.CreateTempSubdirectory("integration-batchinsert-").FullName;

    [Fact]
    public Task Outbox_rows_are_stored_as_EF_stores_them() =>
        SameAsEfAsync("outbox", "outbox_messages", "rowid", Outbox.List[1, 5].Select(rows => rows.DistinctBy(r => r.EventId).ToList()), Copy);

    [Fact]
    public Task Inbox_rows_are_stored_as_EF_stores_them() =>
        SameAsEfAsync("inbox", "inbox_records", "\"Consumer\", \"EventId\"", Inbox.List[1, 5].Select(rows => rows.DistinctBy(r => (r.Consumer, r.EventId)).ToList()),
            r => new InboxRecord { Consumer = r.Consumer, EventId = r.EventId, Type = r.Type, ProcessedAt = r.ProcessedAt });

    [Fact]
    public Task Rows_with_nullable_columns_and_a_generated_key_are_stored_as_EF_stores_them() =>
        SameAsEfAsync("effects", "effects", "rowid", Effects.List[1, 5], e => new Effect { Key = e.Key, EventId = e.EventId, At = e.At });

    [Fact]
    public async Task A_failed_row_rolls_back_with_its_transaction_and_the_connection_s_statement_goes_on_working()
    {
        var options = Options("failed");
        await using (var db = new EffectsDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        for (var round = 0; round < 3; round++)
        {
            await using var db = new EffectsDbContext(options);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BatchInsert.InsertAsync(db, [Row($"ok-{round}")], CancellationToken.None);
            // The outbox's event id is unique: the second row of this batch is refused.
            var failure = await Assert.ThrowsAsync<SqliteException>(() => BatchInsert.InsertAsync(db, [Row($"dup-{round}"), Row($"dup-{round}")], CancellationToken.None));
            Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
            await transaction.RollbackAsync();
        }

        await using (var db = new EffectsDbContext(options))
        {
            Assert.Empty(await db.Set<OutboxMessage>().ToListAsync());
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BatchInsert.InsertAsync(db, [Row("a"), Row("b")], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var db = new EffectsDbContext(options))
        {
            Assert.Equal(["a", "b"], await db.Set<OutboxMessage>().OrderBy(m => m.Id).Select(m => m.EventId).ToListAsync());
        }

        static OutboxMessage Row(string id) =>
            new() { EventId = id, Type = "t", AggregateKey = "k", Data = "{}", CreatedAt = DateTime.UnixEpoch, NextAttemptAt = DateTime.UnixEpoch };
    }

    [Fact]
    public async Task A_row_whose_value_cannot_be_converted_leaves_the_connection_s_statement_usable()
    {
        var options = new DbContextOptionsBuilder<ConvertingDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "converting.db")}").Options;
        await using (var db = new ConvertingDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        for (var round = 0; round < 2; round++)
        {
            await using var db = new ConvertingDbContext(options);
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The first column is bound before the second's converter throws.
            await Assert.ThrowsAsync<FormatException>(() => BatchInsert.InsertAsync(db, [new Tagged { Name = "n", Tag = "bad" }], CancellationToken.None));
            await BatchInsert.InsertAsync(db, [new Tagged { Name = $"ok-{round}", Tag = "fine" }], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var db = new ConvertingDbContext(options))
        {
            Assert.Equal(["ok-0|FINE", "ok-1|FINE"], await db.Set<Tagged>().OrderBy(t => t.Id).Select(t => t.Name + "|" + t.Tag).ToListAsync());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static OutboxMessage Copy(OutboxMessage m) => new()
    {
        EventId = m.EventId, Type = m.Type, AggregateKey = m.AggregateKey, Data = m.Data, TraceParent = m.TraceParent, CreatedAt = m.CreatedAt,
        Attempts = m.Attempts, NextAttemptAt = m.NextAttemptAt, LeaseOwner = m.LeaseOwner, LeaseUntil = m.LeaseUntil, PublishedAt = m.PublishedAt,
        DeadLetteredAt = m.DeadLetteredAt, LastError = m.LastError,
    };

    /// <summary>
    /// Each sample's rows go into one file through BatchInsert and into another through EF's SaveChanges (no messaging
    /// interceptors on these contexts); every stored column must be the same, generated ids included.
    /// </summary>
    private async Task SameAsEfAsync<T>(string name, string table, string order, Gen<List<T>> rows, Func<T, T> copy)
        where T : class
    {
        var batch = Options($"{name}-batch");
        var ef = Options($"{name}-ef");
        foreach (var options in new[] { batch, ef })
        {
            await using var db = new EffectsDbContext(options);
            await db.Database.EnsureCreatedAsync();
        }

        // The table name is this test's own constant.
        var clear = $"DELETE FROM \"{table}\"";
        await rows.SampleAsync(async sample =>
        {
            // Each sample alone (its keys may repeat an earlier sample's); generated ids go on counting in both files alike.
            foreach (var options in new[] { batch, ef })
            {
                await using var db = new EffectsDbContext(options);
                await db.Database.ExecuteSqlRawAsync(clear);
            }

            await using (var db = new EffectsDbContext(batch))
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await BatchInsert.InsertAsync(db, sample, CancellationToken.None);
                await transaction.CommitAsync();
            }

            await using (var db = new EffectsDbContext(ef))
            {
                db.Set<T>().AddRange(sample.Select(copy));
                await db.SaveChangesAsync();
            }

            Assert.Equal(await StoredAsync(ef, table, order), await StoredAsync(batch, table, order));
        }, iter: 60, threads: 1);
    }

    private DbContextOptions<EffectsDbContext> Options(string name) =>
        new DbContextOptionsBuilder<EffectsDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, name + ".db")}").Options;

    /// <summary>
    /// Every row of <paramref name="table"/> in <paramref name="order"/> (the key's: EF orders a save's inserts by key where
    /// the store does not generate it), each column as its SQLite type and SQL literal.
    /// </summary>
    private static async Task<List<string>> StoredAsync(DbContextOptions<EffectsDbContext> options, string table, string order)
    {
        await using var db = new EffectsDbContext(options);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var names = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        await using var rows = connection.CreateCommand();
        rows.CommandText = $"SELECT {string.Join(" || '|' || ", names.Select(n => $"typeof(\"{n}\") || ':' || quote(\"{n}\")"))} FROM \"{table}\" ORDER BY {order}";
        var stored = new List<string>();
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        return stored;
    }
}

/// <summary>A table whose second column goes through a value converter that refuses one value.</summary>
internal sealed class ConvertingDbContext(DbContextOptions<ConvertingDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Tagged>(e =>
        {
            e.ToTable("tagged");
            e.HasKey(t => t.Id);
            e.Property(t => t.Tag).HasConversion(v => ToStore(v), v => v);
        });

    private static string ToStore(string tag) => tag == "bad" ? throw new FormatException("refused") : tag.ToUpperInvariant();
}

internal sealed class Tagged
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Tag { get; set; }
}
