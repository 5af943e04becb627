using Dapr;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Transports;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Integration.Messaging;

/// <summary>One call to wire messaging into a service, one to map its endpoints.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Outbox and inbox on <typeparamref name="TContext"/> (which must call
    /// <c>modelBuilder.AddMessagingTables()</c>), the dispatcher, the transport chosen by
    /// <c>Messaging:Transport</c>, the outbox-lag health check, and the dead-letter admin gRPC service
    /// (<c>integration.admin.v1.AdminService</c>) over <typeparamref name="TContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder, string serviceName)
        where TContext : DbContext
    {
        var section = builder.Configuration.GetSection(MessagingOptions.Section);
        builder.Services.AddOptions<MessagingOptions>()
            .Bind(section)
            .Configure(o => o.ServiceName = string.IsNullOrEmpty(o.ServiceName) ? serviceName : o.ServiceName)
            .Validate(o => o.BatchSize is > 0 and <= 10_000 && o.MaxPublishAttempts > 0 && o.MaxHandleAttempts > 0 && o.DeliveryConcurrency > 0
                    && o.RoundsInFlight is > 0 and <= 16 && o.DispatchDelay >= TimeSpan.Zero && o.DispatchDelay <= TimeSpan.FromSeconds(1),
                "Messaging: BatchSize 1-10000, RoundsInFlight 1-16, DispatchDelay 0-1 s, MaxPublishAttempts, MaxHandleAttempts and DeliveryConcurrency must be positive")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<SqliteWriteGate>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddSingleton<OutboxDirectInsert>();
        builder.Services.AddSingleton<HandlerRegistry>();
        builder.Services.AddScoped<IOutbox, Outbox<TContext>>();
        builder.Services.AddSingleton<IEventProcessor, EventProcessor<TContext>>();
        builder.Services.AddSingleton<IDeadLetterTopicSink, DeadLetterTopicSink<TContext>>();
        builder.Services.AddSingleton<OutboxDispatcher<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher<TContext>>());
        builder.Services.AddHealthChecks().AddCheck<OutboxLagHealthCheck>("outbox", tags: ["ready"]);
        builder.Services.AddDeadLetterAdmin<TContext>();
        // Wake the dispatcher after a commit, not at SaveChanges inside a still-open transaction.
        // One instance for every context: nothing in it is per context.
        builder.Services.ConfigureDbContext<TContext>((sp, o) => o.AddInterceptors(
            sp.GetRequiredService<OutboxCommitInterceptor>(), sp.GetRequiredService<OutboxDirectInsert>()));

        var transport = Enum.TryParse<TransportKind>(section[nameof(MessagingOptions.Transport)], ignoreCase: true, out var kind) ? kind : TransportKind.Embedded;
        if (transport == TransportKind.Dapr)
        {
            builder.Services.AddDaprClient();
            builder.Services.AddSingleton<IEventTransport, DaprTransport>();
        }
        else
        {
            builder.Services.AddSingleton<SubscriptionDirectory>();
            builder.Services.AddSingleton<IEventTransport, EmbeddedTransport>();
            // One attempt per delivery with a short timeout: the outbox's durable backoff does the retrying.
#pragma warning disable EXTEXP0001 // The defaults' standard handler would retry and hold a batch for up to 30 s.
            builder.Services.AddHttpClient(SubscriptionDirectory.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
                .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }

    /// <summary>
    /// CloudEvents unwrapping (attributes forwarded as <c>Cloudevent.*</c> headers), <c>/dapr/subscribe</c>
    /// and the dead-letter admin gRPC service.
    /// </summary>
    public static WebApplication UseMessaging(this WebApplication app)
    {
        // Dapr's middleware throws (a 500, retried forever) on a body that is not a JSON object: refuse it as 400 first.
        app.Use(CloudEventBodyGuard.InvokeAsync);
        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        app.MapSubscribeHandler();
        app.MapDeadLetterAdmin();
        return app;
    }
}
