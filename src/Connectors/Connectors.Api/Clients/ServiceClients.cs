using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Order.V1;
using Integration.ServiceDefaults.Security;

namespace Integration.Connectors.Clients;

/// <summary>
/// The connectors turn storefront facts into calls on the services that own the data. Addresses go through
/// service discovery (<c>_grpc</c> is the endpoint each service serves HTTP/2 on); <c>Connectors:Services:&lt;name&gt;</c>
/// overrides one, e.g. to reach a service outside the app host. With authentication on, every call carries this
/// service's own token (client credentials, <c>Auth:Client</c>), whose scopes say what Connectors may do.
/// </summary>
public static class ServiceClients
{
    public static WebApplicationBuilder AddServiceClients(this WebApplicationBuilder builder)
    {
        Uri Address(string service) =>
            new(builder.Configuration[$"Connectors:Services:{service}"] ?? $"http://_grpc.{service}");

        builder.Services.AddGrpcClient<OrderService.OrderServiceClient>(o => o.Address = Address("order")).AddServiceToken();
        builder.Services.AddGrpcClient<CatalogService.CatalogServiceClient>(o => o.Address = Address("catalog")).AddServiceToken();
        builder.Services.AddGrpcClient<InventoryService.InventoryServiceClient>(o => o.Address = Address("inventory")).AddServiceToken();
        return builder;
    }
}
