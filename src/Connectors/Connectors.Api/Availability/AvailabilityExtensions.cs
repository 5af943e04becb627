namespace Integration.Connectors.Availability;

/// <summary>Inventory's availability changes pushed out to every channel that sells the SKU.</summary>
public static class AvailabilityExtensions
{
    public static WebApplicationBuilder AddAvailabilityOut(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapAvailabilityOut(this WebApplication app) => app;
}
