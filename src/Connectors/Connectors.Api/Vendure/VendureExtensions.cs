using Integration.Connectors.Availability;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Integration.Connectors.Vendure;

/// <summary>Vendure channels: orders polled from its Admin API (it has no webhooks) into the Order service.</summary>
public static class VendureExtensions
{
    public static WebApplicationBuilder AddVendure(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VendurePollingOptions>().BindConfiguration(VendurePollingOptions.Section);
        builder.Services.AddHttpClient(VendureAdminClient.HttpClientName);
        builder.Services.TryAddSingleton<ChannelSkus>();
        builder.Services.AddSingleton<VendureSessions>();
        builder.Services.AddSingleton<VendureClients>();
        builder.Services.AddSingleton<VendureMetrics>();
        builder.Services.AddSingleton<VendureOrderSync>();
        builder.Services.AddHostedService<VendurePoller>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(VendureMetrics.MeterName));
        return builder;
    }
}
