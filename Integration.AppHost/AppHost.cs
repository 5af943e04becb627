using Integration.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Redis only when this machine can run it without Docker; otherwise Inventory logs its in-process fallback.
var redis = LocalRedis.AddIfInstalled(builder);

var catalog = builder.AddProject<Projects.Catalog_Api>("catalog")
    .WithHttpHealthCheck("/health", endpointName: "http");

var inventory = builder.AddProject<Projects.Inventory_Api>("inventory")
    .WithHttpHealthCheck("/health", endpointName: "http");
if (redis is not null)
{
    inventory.WithReference(redis).WaitFor(redis);
}

var order = builder.AddProject<Projects.Order_Api>("order")
    .WithHttpHealthCheck("/health", endpointName: "http");

var ledger = builder.AddProject<Projects.Ledger_Api>("ledger")
    .WithHttpHealthCheck("/health", endpointName: "http");

// The storefront edge: webhooks in, pollers, availability out. Order, Inventory and Catalog stay channel-agnostic.
var connectors = builder.AddProject<Projects.Connectors_Api>("connectors")
    .WithHttpHealthCheck("/health", endpointName: "http");

// Every service knows every other through service discovery: gRPC calls use the "grpc" endpoint,
// and the embedded event transport reads each peer's /dapr/subscribe on its "http" endpoint.
IResourceBuilder<ProjectResource>[] services = [catalog, inventory, order, ledger, connectors];
foreach (var service in services)
{
    foreach (var peer in services.Where(p => p != service))
    {
        service.WithReference(peer);
    }
}

// Order asks Catalog and Inventory questions as it starts taking orders; Ledger needs Catalog's costs.
order.WaitFor(catalog).WaitFor(inventory);
ledger.WaitFor(catalog);
connectors.WaitFor(order).WaitFor(catalog).WaitFor(inventory);

builder.Build().Run();
