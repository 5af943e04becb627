using Integration.Connectors.Vendure;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Integration.Connectors.Availability;

/// <summary>Inventory's availability changes pushed out to every channel that sells the SKU at that location.</summary>
public static class AvailabilityExtensions
{
    public static WebApplicationBuilder AddAvailabilityOut(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<ChannelSkus>();
        builder.Services.AddSingleton<PushOrdering>();
        builder.Services.AddSingleton<AvailabilityMetrics>();
        builder.Services.AddScoped<AvailabilityPushes>();
        builder.Services.AddScoped<IChannelStockPusher, VendureStockPusher>();
        builder.Services.AddScoped<IChannelStockPusher, ShopifyInventoryPusher>();
        // A push runs inside the event's inbox transaction, so its retries are short (the service defaults' standard
        // handler waits up to 30 s); a channel that stays down fails the event and the messaging layer backs off instead.
        foreach (var name in new[] { VendureAdminClient.HttpClientName, ShopifyInventoryPusher.HttpClientName })
        {
            // Evaluation API (EXTEXP0001), but the documented way to replace the defaults' handler on one client.
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(name)
                .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
                .AddResilienceHandler("push", pipeline => pipeline
                    .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 3, BackoffType = DelayBackoffType.Exponential, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true })
                    .AddTimeout(TimeSpan.FromSeconds(10)));
        }

        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(AvailabilityMetrics.MeterName));
        return builder;
    }

    public static WebApplication MapAvailabilityOut(this WebApplication app)
    {
        app.MapEventHandler<AvailabilityChanged, AvailabilityChangedHandler>();
        return app;
    }
}
