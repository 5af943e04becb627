using Grpc.Core;
using Integration.Contracts.Admin.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>ListDeadLetters: newest first, keyset pages, status filter.</summary>
public sealed class ListTests
{
    [Fact]
    public async Task Pages_run_newest_first_without_repeats_while_new_dead_letters_arrive()
    {
        var (consumer, admin) = await StartWithPoisonAsync(5);
        await using var _ = consumer;
        using var __ = admin;
        var expected = await NewestFirstAsync(consumer);

        var first = await admin.Service.ListDeadLettersAsync(new ListDeadLettersRequest { PageSize = 2 });
        Assert.Equal(expected[..2], first.DeadLetters.Select(d => d.DeadLetterId));
        Assert.NotEmpty(first.NextPageToken);

        // A newer dead letter lands between pages: an offset would now repeat one; the keyset does not.
        await Consumers.PoisonAsync(consumer, Guid.NewGuid().ToString("N"), "p-new");
        var second = await admin.Service.ListDeadLettersAsync(new ListDeadLettersRequest { PageSize = 2, PageToken = first.NextPageToken });
        var third = await admin.Service.ListDeadLettersAsync(new ListDeadLettersRequest { PageSize = 2, PageToken = second.NextPageToken });

        Assert.Equal(expected[2..4], second.DeadLetters.Select(d => d.DeadLetterId));
        Assert.Equal(expected[4..], third.DeadLetters.Select(d => d.DeadLetterId));
        Assert.Empty(third.NextPageToken);

        var everything = await admin.ListAllAsync(pageSize: 4);
        Assert.Equal(6, everything.Count);
        Assert.Equal(everything.Count, everything.Select(d => d.DeadLetterId).Distinct().Count());
        Assert.Equal(everything.OrderByDescending(d => d.ParkedAt.ToDateTime()).Select(d => d.DeadLetterId), everything.Select(d => d.DeadLetterId));
        Assert.Equal("p-new", ProductOf(everything[0]));
    }

    [Fact]
    public async Task Status_filter_returns_only_that_status_across_pages()
    {
        var (consumer, admin) = await StartWithPoisonAsync(5);
        await using var _ = consumer;
        using var __ = admin;
        var ids = await NewestFirstAsync(consumer);
        foreach (var id in new[] { ids[1], ids[3] })
        {
            await admin.Service.DiscardDeadLetterAsync(new DiscardDeadLetterRequest { DeadLetterId = id, Actor = AdminClient.Actor, Reason = "test data" });
        }

        var parked = await admin.ListAllAsync(DeadLetterStatus.Parked, pageSize: 2);
        var discarded = await admin.ListAllAsync(DeadLetterStatus.Discarded, pageSize: 1);

        Assert.Equal([ids[0], ids[2], ids[4]], parked.Select(d => d.DeadLetterId));
        Assert.All(parked, d => Assert.Equal(DeadLetterStatus.Parked, d.Status));
        Assert.Equal([ids[1], ids[3]], discarded.Select(d => d.DeadLetterId));
        Assert.All(discarded, d => Assert.Equal("discard", Assert.Single(d.Actions).Action));
        Assert.Empty(await admin.ListAllAsync(DeadLetterStatus.Replayed));
        Assert.Equal(5, (await admin.ListAllAsync()).Count);
    }

    [Fact]
    public async Task Bad_paging_is_refused_naming_the_field()
    {
        var (consumer, admin) = await StartWithPoisonAsync(1);
        await using var _ = consumer;
        using var __ = admin;

        foreach (var (field, request) in new[]
        {
            ("page_size", new ListDeadLettersRequest { PageSize = 501 }),
            ("page_size", new ListDeadLettersRequest { PageSize = -1 }),
            ("page_token", new ListDeadLettersRequest { PageToken = "not a token!" }),
            ("page_token", new ListDeadLettersRequest { PageToken = "bm8tY29sb24" }), // base64url of "no-colon"
            ("status", new ListDeadLettersRequest { Status = (DeadLetterStatus)42 }),
        })
        {
            var error = await AdminClient.FailsWith(StatusCode.InvalidArgument, () => admin.Service.ListDeadLettersAsync(request).ResponseAsync);
            Assert.Equal(field, error.Trailers.GetValue("field"));
        }
    }

    /// <summary>A consumer whose handler fails permanently, with <paramref name="count"/> events parked one after another.</summary>
    private static async Task<(MessagingTestApp Consumer, AdminClient Admin)> StartWithPoisonAsync(int count)
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("unknown product", permanent: true);
        var consumer = await Consumers.StartAsync(handlerSwitch);
        for (var i = 0; i < count; i++)
        {
            await Consumers.PoisonAsync(consumer, Guid.NewGuid().ToString("N"), $"p-{i}");
        }

        return (consumer, new AdminClient(consumer));
    }

    /// <summary>The expected order, read straight from the table.</summary>
    private static Task<string[]> NewestFirstAsync(MessagingTestApp consumer) =>
        consumer.WithDbAsync((db, _) => db.Set<DeadLetter>().OrderByDescending(d => d.ParkedAt).ThenBy(d => d.Id).Select(d => d.Id).ToArrayAsync());

    private static string ProductOf(Contracts.Admin.V1.DeadLetter dead) =>
        System.Text.Json.JsonDocument.Parse(dead.CloudEventJson).RootElement.GetProperty("data").GetProperty("product_id").GetString()!;
}
