using Grpc.Core;
using Integration.Contracts.Admin.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>Discarding closes a dead letter without replaying it, with an audited reason.</summary>
public sealed class DiscardTests
{
    [Fact]
    public async Task Discard_closes_a_parked_dead_letter_with_an_audited_reason_and_only_once()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("product p-4 was deleted upstream", permanent: true);
        await using var consumer = await Consumers.StartAsync(handlerSwitch);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-4");
        var id = Assert.Single(await admin.ListAllAsync()).DeadLetterId;
        handlerSwitch.Fix();

        var discarded = (await admin.Service.DiscardDeadLetterAsync(new DiscardDeadLetterRequest
        {
            DeadLetterId = id, Actor = AdminClient.Actor, Reason = "product deleted; nothing to update",
        })).DeadLetter;

        Assert.Equal(DeadLetterStatus.Discarded, discarded.Status);
        var action = Assert.Single(discarded.Actions);
        Assert.Equal(("discard", AdminClient.Actor, "product deleted; nothing to update"), (action.Action, action.Actor, action.Reason));
        var stored = Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, eventId));
        Assert.Equal(DeadLetter.StatusDiscarded, stored.Status);

        var twice = await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => admin.Service.DiscardDeadLetterAsync(
            new DiscardDeadLetterRequest { DeadLetterId = id, Actor = AdminClient.Actor, Reason = "again" }).ResponseAsync);
        Assert.Contains("discarded", twice.Status.Detail, StringComparison.Ordinal);
        await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => admin.ReplayOneAsync(id, "changed my mind"));

        Assert.Single(Assert.Single(await admin.ListAllAsync()).Actions);
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, eventId));
    }

    [Fact]
    public async Task Discard_refuses_a_request_without_actor_reason_or_a_known_id()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("bad data", permanent: true);
        await using var consumer = await Consumers.StartAsync(handlerSwitch);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-5");
        var id = Assert.Single(await admin.ListAllAsync()).DeadLetterId;

        Task Discard(string deadLetterId, string actor, string reason) => admin.Service.DiscardDeadLetterAsync(
            new DiscardDeadLetterRequest { DeadLetterId = deadLetterId, Actor = actor, Reason = reason }).ResponseAsync;

        foreach (var (field, call) in new (string, Func<Task>)[]
        {
            ("actor", () => Discard(id, "", "obsolete")),
            ("reason", () => Discard(id, AdminClient.Actor, "   ")),
            ("dead_letter_id", () => Discard("", AdminClient.Actor, "obsolete")),
        })
        {
            var error = await AdminClient.FailsWith(StatusCode.InvalidArgument, call);
            Assert.Equal(field, error.Trailers.GetValue("field"));
            Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        }

        var unknown = await AdminClient.FailsWith(StatusCode.NotFound, () => Discard("nosuchdeadletter", AdminClient.Actor, "obsolete"));
        Assert.Contains("nosuchdeadletter", unknown.Status.Detail, StringComparison.Ordinal);

        var untouched = await consumer.WithDbAsync((db, _) => db.Set<DeadLetter>().AsNoTracking().Include(d => d.Actions).SingleAsync(d => d.Id == id));
        Assert.Equal(DeadLetter.StatusParked, untouched.Status);
        Assert.Empty(untouched.Actions);
    }
}
