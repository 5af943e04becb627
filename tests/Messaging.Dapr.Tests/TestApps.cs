using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Handlers;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>The consumer used by the subscription and delivery tests: three handlers, three event types.</summary>
public static class TestApps
{
    public static Task<MessagingTestApp> StartConsumerAsync(string serviceName, IReadOnlyDictionary<string, string?>? settings = null) =>
        MessagingTestApp.StartAsync(
            serviceName,
            map: app =>
            {
                app.MapEventHandler<ProductChanged, ProductChangedRecorder>();
                app.MapEventHandler<StockAdjusted, StockAdjustedRecorder>();
                app.MapEventHandler<StockReserved, StockReservedFailing>();
            },
            configure: services => services.AddSingleton<HandledLog>(),
            settings: settings);

    /// <summary>A client into the app's in-memory server, the way daprd reaches its app on localhost.</summary>
    public static HttpClient ClientFor(MessagingTestApp app) => new(app.CreateHandler()) { BaseAddress = new Uri("http://localhost:8080") };
}
