using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;

namespace Integration.Ledger.Demand;

/// <summary>Wires demand history into the service.</summary>
internal static class DemandRegistration
{
    public static IHostApplicationBuilder AddDemand(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemandRecorder>();
        builder.Services.AddScoped<DemandReader>();
        return builder;
    }

    /// <summary>Lost demand from Inventory's refusals (the Ledger's only handler of ReservationRejected).</summary>
    public static IEndpointRouteBuilder MapDemandEvents(this IEndpointRouteBuilder app)
    {
        app.MapEventHandler<ReservationRejected, ReservationRejectedHandler>();
        return app;
    }
}
