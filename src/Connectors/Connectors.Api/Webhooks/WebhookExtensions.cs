using Integration.Connectors.Drift;
using Integration.Connectors.Exceptions;
using Integration.Connectors.Shopify;
using Integration.Connectors.WooCommerce;

namespace Integration.Connectors.Webhooks;

/// <summary>Shopify and WooCommerce webhooks in: verify, store, answer, then process.</summary>
public static class WebhookExtensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Connectors:Webhooks"));
        builder.Services.AddSingleton<WebhookMetrics>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<WebhookIntake>();
        builder.Services.AddSingleton<WalCheckpointer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        builder.Services.AddSingleton<DeliveryWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryWriter>());
        builder.Services.AddSingleton<DeliveryProcessor>();
        if (builder.Configuration.GetSection("Connectors:Webhooks").GetValue(nameof(WebhookOptions.ProcessDeliveries), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryProcessor>());
        }

        builder.Services.AddScoped<ExceptionDesk>();
        builder.Services.AddScoped<StockDriftCheck>();
        builder.Services.AddScoped<ShopifyProductSync>();
        builder.Services.AddScoped<IDeliveryHandler, ShopifyDeliveryHandler>();
        builder.Services.AddScoped<IDeliveryHandler, WooDeliveryHandler>();
        builder.Services.AddHttpClient(WooRefundsClient.HttpClientName);
        builder.Services.AddSingleton<WooRefundsClient>();
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        // The HMAC signature is these endpoints' authentication: storefronts send no bearer token.
        var webhooks = app.MapGroup("/webhooks").AllowAnonymous();
        webhooks.MapPost("/shopify/{channel}", ShopifyWebhookEndpoint.ReceiveAsync);
        webhooks.MapPost("/woocommerce/{channel}", WooWebhookEndpoint.ReceiveAsync);
        app.MapGrpcService<ConnectorGrpcService>();
        return app;
    }
}
