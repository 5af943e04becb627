namespace Integration.Connectors.Webhooks;

/// <summary>Shopify and WooCommerce webhooks in: verify, store, answer, then process.</summary>
public static class WebhookExtensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapWebhooks(this WebApplication app) => app;
}
