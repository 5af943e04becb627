using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Messaging;
using Integration.Messaging.Inbox;
using Integration.Messaging.Storage;
using Integration.ServiceDefaults.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.Ledger.Bench.Floor;

/// <summary>
/// The floor under the Ledger's posting figure: an app hosted as the Ledger is (service defaults, the messaging library,
/// SQLite with the same connection tuning, server GC, no dynamic PGO) whose order-fact handlers take the same bulk
/// deliveries on the same routes and do nothing. What a delivered event costs here is the delivery, the CloudEvents,
/// the inbox reads and records and their transaction: no Ledger code can post an event for less.
/// </summary>
internal static class FloorHost
{
    public const string Command = "floor-host";

    public static async Task RunAsync(string database, string url)
    {
        // No configuration reload: its file watcher would read every file event under the content root.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.Services.AddDbContext<FloorDbContext>(o => o.UseSqlite($"Data Source={database}").AddInterceptors(SqliteConnectionTuning.Instance));
        builder.AddMessaging<FloorDbContext>("ledger");
        var app = builder.Build();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<FloorDbContext>().Database.EnsureCreatedAsync();
        }

        app.UseMessaging();
        // As the Ledger maps them (bulkSubscribe, 500 a bulk), without its reader of the data: the event is not even parsed.
        var bulk = new EventHandlerOptions { Bulk = true, BulkMaxMessages = 500, Parse = static (_, descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty) };
        app.MapEventHandler<OrderPlaced, OrderPlacedHandler>(bulk);
        app.MapEventHandler<OrderPaid, OrderPaidHandler>(bulk);
        app.MapEventHandler<OrderShipped, OrderShippedHandler>(bulk);
        app.MapEventHandler<OrderRefunded, OrderRefundedHandler>(bulk);
        await app.RunAsync();
    }
}

/// <summary>The messaging tables alone.</summary>
internal sealed class FloorDbContext(DbContextOptions<FloorDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}

/// <summary>Takes a bulk (its inbox records are written by the library in the bulk's transaction) and does nothing else.</summary>
internal abstract class EmptyHandler<TEvent> : IBulkEventHandler<TEvent>
    where TEvent : IMessage
{
    public Task HandleAsync(TEvent evt, EventContext context, CancellationToken ct) => Task.CompletedTask;

    public Task HandleBulkAsync(IReadOnlyList<BulkEvent<TEvent>> events, CancellationToken ct) => Task.CompletedTask;
}

// Named as the Ledger's handlers, so the routes (/events/{type}/{handler}) and consumer names are the Ledger's.
internal sealed class OrderPlacedHandler : EmptyHandler<OrderPlaced>;

internal sealed class OrderPaidHandler : EmptyHandler<OrderPaid>;

internal sealed class OrderShippedHandler : EmptyHandler<OrderShipped>;

internal sealed class OrderRefundedHandler : EmptyHandler<OrderRefunded>;
