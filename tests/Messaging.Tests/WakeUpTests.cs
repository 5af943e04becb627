using System.Diagnostics;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>
/// Only commits that carry outbox rows wake the dispatcher (a wake-up costs a lease round), and every way of writing
/// outbox rows still does, promptly: IOutbox, an added entity, BatchInsert, the service's own SQL with
/// <see cref="OutboxSignal.WakeOnCommit"/>. The dispatcher is stopped, so the test reads the signal itself.
/// </summary>
public sealed class WakeUpTests
{
    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Messaging:PollInterval"] = "00:00:30" };

    [Fact]
    public async Task Commits_without_outbox_rows_do_not_wake_the_dispatcher_and_commits_with_them_do()
    {
        await using var app = await TestApps.StartProducerAsync(settings: SlowPoll);
        await app.StopDispatcherAsync();
        var signal = app.Get<OutboxSignal>();
        await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);
        var n = 0;

        async Task Expect(bool woken, string what, Func<EffectsDbContext, IServiceProvider, Task> work)
        {
            await app.WithDbAsync(async (db, services) =>
            {
                await work(db, services);
                return 0;
            });
            Assert.True(woken == await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), $"{what}: expected woken = {woken}");
        }

        Effect State() => new() { Key = $"state-{++n}", At = DateTime.UtcNow };

        await Expect(false, "one state row, no transaction", async (db, _) =>
        {
            db.Effects.Add(State());
            await db.SaveChangesAsync();
        });
        await Expect(false, "two state rows (EF's own transaction)", async (db, _) =>
        {
            db.Effects.AddRange(State(), State());
            await db.SaveChangesAsync();
        });
        await Expect(false, "state rows in an explicit transaction, two saves", async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(State());
            await db.SaveChangesAsync();
            db.Effects.Add(State());
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        await Expect(false, "a state row by the service's own batch insert", async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BatchInsert.InsertAsync(db, [State()], CancellationToken.None);
            await transaction.CommitAsync();
        });
        await Expect(true, "IOutbox.Enqueue alone, no transaction", async (db, services) =>
        {
            services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("a", 1), Products.AggregateKey("a"));
            await db.SaveChangesAsync();
        });
        await Expect(true, "IOutbox.Enqueue with a state row (EF's own transaction)", async (db, services) =>
        {
            db.Effects.Add(State());
            services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("a", 2), Products.AggregateKey("a"));
            await db.SaveChangesAsync();
        });
        await Expect(true, "an outbox entity added to the context", async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(State());
            db.Set<OutboxMessage>().Add(OutboxMessage.For(Products.Changed("a", 3), Products.AggregateKey("a"), DateTime.UtcNow));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        await Expect(true, "BatchInsert of outbox rows", async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BatchInsert.InsertAsync(db, [OutboxMessage.For(Products.Changed("a", 4), Products.AggregateKey("a"), DateTime.UtcNow)], CancellationToken.None);
            await transaction.CommitAsync();
        });
        await Expect(true, "the service's own SQL with WakeOnCommit", async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await InsertWithOwnSqlAsync(db, OutboxMessage.For(Products.Changed("a", 5), Products.AggregateKey("a"), DateTime.UtcNow));
            OutboxSignal.WakeOnCommit(db);
            await transaction.CommitAsync();
        });
        await Expect(false, "rolled back, then a state-only commit on the same context", async (db, services) =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("b", 1), Products.AggregateKey("b"));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            db.ChangeTracker.Clear();
            db.Effects.Add(State());
            await db.SaveChangesAsync();
        });

        // Inside an explicit transaction the save is not the commit: nothing is visible to the dispatcher until then.
        await app.WithDbAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("c", 1), Products.AggregateKey("c"));
            await db.SaveChangesAsync();
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "woken before the commit");
            await transaction.CommitAsync();
            Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), "not woken by the commit");
            return 0;
        });
    }

    [Fact]
    public async Task A_consumer_transaction_wakes_its_own_dispatcher_only_when_the_handler_recorded_events()
    {
        // One handler per event type and service: two consumers.
        await using var plain = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>(), SlowPoll);
        await using var echoing = await TestApps.StartConsumerAsync(
            app => app.MapEventHandler<ProductChanged, WholeBulkHandler>(new EventHandlerOptions { Bulk = true }), SlowPoll);
        foreach (var app in new[] { plain, echoing })
        {
            await app.StopDispatcherAsync();
            await app.Get<OutboxSignal>().WaitAsync(TimeSpan.Zero, CancellationToken.None);
        }

        using (var http = plain.CreateClient())
        {
            Assert.Equal("SUCCESS", await http.DeliverAsync(CloudEvents.Route<EffectHandler>(), CloudEvents.Of(Products.Changed("p", 1))));
        }

        Assert.Single(await plain.EffectsAsync());
        Assert.False(await plain.Get<OutboxSignal>().WaitAsync(TimeSpan.Zero, CancellationToken.None), "a handler without events woke the dispatcher");

        using (var http = echoing.CreateClient())
        {
            var answer = await http.DeliverBulkAsync(CloudEvents.Route<WholeBulkHandler>(), [CloudEvents.Of(Products.Changed("q", 1)), CloudEvents.Of(Products.Changed("r", 1))]);
            Assert.All(answer.Values, a => Assert.Equal("SUCCESS", a));
        }

        Assert.Equal(2, (await echoing.OutboxAsync()).Count);
        Assert.True(await echoing.Get<OutboxSignal>().WaitAsync(TimeSpan.Zero, CancellationToken.None), "a handler's echo events did not wake the dispatcher");
    }

    [Fact]
    public async Task Events_written_every_way_are_delivered_without_waiting_for_the_poll()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer], SlowPoll);
        var ways = new (string What, Func<EffectsDbContext, OutboxMessage, Task> Write)[]
        {
            ("an added entity", async (db, row) =>
            {
                db.Set<OutboxMessage>().Add(row);
                await db.SaveChangesAsync();
            }),
            ("BatchInsert", async (db, row) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await BatchInsert.InsertAsync(db, [row], CancellationToken.None);
                await transaction.CommitAsync();
            }),
            ("own SQL with WakeOnCommit", async (db, row) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                OutboxSignal.WakeOnCommit(db);
                await InsertWithOwnSqlAsync(db, row);
                await transaction.CommitAsync();
            }),
        };

        var version = 0;
        foreach (var (what, write) in ways)
        {
            // Waits for the dispatcher's previous round to go back to sleep, so only this commit can wake it.
            await Task.Delay(100);
            var watch = Stopwatch.StartNew();
            var row = OutboxMessage.For(Products.Changed("w", ++version), Products.AggregateKey("w"), DateTime.UtcNow);
            await producer.WithDbAsync(async (db, _) =>
            {
                await write(db, row);
                return 0;
            });

            await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Any(x => x.EventId == row.EventId), $"the event written by {what}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{what}: {watch.Elapsed.TotalMilliseconds:F0} ms with a 30 s poll");
        }
    }

    /// <summary>As Catalog's import writer does: a plain INSERT through the context's connection and transaction.</summary>
    private static async Task InsertWithOwnSqlAsync(EffectsDbContext db, OutboxMessage row)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "INSERT INTO outbox_messages (EventId, Type, AggregateKey, Data, TraceParent, CreatedAt, Attempts, NextAttemptAt) " +
            "VALUES ($id, $type, $key, $data, NULL, $at, 0, $at)";
        foreach (var (name, value) in new (string, object)[] { ("$id", row.EventId), ("$type", row.Type), ("$key", row.AggregateKey), ("$data", row.Data), ("$at", row.CreatedAt) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
