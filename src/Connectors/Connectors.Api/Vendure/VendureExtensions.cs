namespace Integration.Connectors.Vendure;

/// <summary>Vendure channels: orders polled from its Admin API.</summary>
public static class VendureExtensions
{
    public static WebApplicationBuilder AddVendure(this WebApplicationBuilder builder) => builder;
}
