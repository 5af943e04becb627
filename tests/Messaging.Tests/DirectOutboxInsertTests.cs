using CsCheck;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>
/// On SQLite the rows IOutbox.Enqueue staged are written by one prepared statement at SaveChanges, not by EF's batch
/// (Outbox.OutboxDirectInsert): the same rows, in the same order, atomically with the state change.
/// </summary>
public sealed class DirectOutboxInsertTests
{
    private static readonly Dictionary<string, string?> EfPath = new() { ["Messaging:DirectOutboxInsert"] = "false" };

    private static readonly Dictionary<string, string?> Direct = new() { ["Messaging:DirectOutboxInsert"] = "true" };

    /// <summary>How a random unit of work saves: outside a transaction, or in the caller's (EF's path there).</summary>
    private enum Shape
    {
        SaveAlone,
        SaveInTransaction,
    }

    [Fact]
    public async Task The_direct_insert_writes_the_rows_EFs_batch_wrote_in_the_same_order_and_the_same_save_count()
    {
        await using var direct = await TestApps.StartProducerAsync(settings: Direct);
        await using var ef = await TestApps.StartProducerAsync(settings: EfPath);
        var directApp = direct;
        await direct.StopDispatcherAsync();
        await ef.StopDispatcherAsync();

        // One sample at a time: each compares the rows it just added at the end of two shared tables.
        await Gen.Select(Gen.Int[0, 3].Select(p => $"p{p}").List[1, 6], Gen.Int[0, 2], Gen.Enum<Shape>()).SampleAsync(async (products, states, shape) =>
        {
            var saved = new List<int>();
            foreach (var app in new[] { direct, ef })
            {
                saved.Add(await app.WithDbAsync(async (db, services) =>
                {
                    var outbox = services.GetRequiredService<IOutbox>();
                    await using var transaction = shape == Shape.SaveInTransaction ? await db.Database.BeginTransactionAsync() : null;
                    for (var i = 0; i < states; i++)
                    {
                        db.Effects.Add(new Effect { Key = $"state-{i}", At = DateTime.UnixEpoch });
                    }

                    var version = 0;
                    foreach (var product in products)
                    {
                        outbox.Enqueue(Products.Changed(product, ++version), Products.AggregateKey(product));
                    }

                    var count = await db.SaveChangesAsync();
                    // Which path wrote them: the direct insert leaves its rows untracked, EF's batch tracks them as saved.
                    var direct = app == directApp && shape == Shape.SaveAlone;
                    Assert.Equal(direct ? 0 : products.Count, db.ChangeTracker.Entries<OutboxMessage>().Count());
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync();
                    }

                    return count;
                }));
            }

            Assert.Equal(saved[0], saved[1]);
            Assert.Equal(products.Count + states, saved[0]);
            var rows = new List<List<string>>();
            foreach (var app in new[] { direct, ef })
            {
                // Every column but the id (and the event id, new per row): the same values, in id order.
                rows.Add((await app.OutboxAsync()).TakeLast(products.Count)
                    .Select(m => $"{m.Type}|{m.AggregateKey}|{m.Data}|{m.TraceParent}|{m.Attempts}|{m.NextAttemptAt == m.CreatedAt}|{m.LeaseOwner}|{m.LeaseUntil}|{m.PublishedAt}|{m.DeadLetteredAt}|{m.LastError}")
                    .ToList());
            }

            Assert.Equal(rows[1], rows[0]);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public async Task A_failed_save_writes_no_outbox_row_and_a_retried_save_writes_it_once_and_wakes_the_dispatcher()
    {
        await using var app = await TestApps.StartProducerAsync(
            settings: new Dictionary<string, string?> { ["Messaging:PollInterval"] = "00:00:30", ["Messaging:DirectOutboxInsert"] = "true" });
        await app.StopDispatcherAsync();
        var signal = app.Get<OutboxSignal>();
        await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);

        var eventId = await app.WithDbAsync(async (db, services) =>
        {
            var id = services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("f", 1), Products.AggregateKey("f"));
            // NOT NULL violated: the state change fails, and the event must not be written without it.
            var bad = new Effect { Key = null!, At = DateTime.UtcNow };
            db.Effects.Add(bad);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Empty(await db.Set<OutboxMessage>().AsNoTracking().ToListAsync());
            Assert.Null(db.Database.CurrentTransaction);
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "a failed save woke the dispatcher");

            bad.Key = "fixed";
            Assert.Equal(2, await db.SaveChangesAsync());
            return id;
        });

        Assert.Equal([eventId], (await app.OutboxAsync()).Select(m => m.EventId));
        Assert.Single(await app.EffectsAsync());
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "the retried save did not wake the dispatcher");
    }
}
