using Integration.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Redis only when this machine can run it without Docker; otherwise Inventory logs its in-process fallback.
var redis = LocalRedis.AddIfInstalled(builder);

var catalog = builder.AddProject<Projects.Catalog_Api>("catalog")
    .WithHttpHealthCheck("/health", endpointName: "http");

var inventory = builder.AddProject<Projects.Inventory_Api>("inventory")
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithReference(catalog);
if (redis is not null)
{
    inventory.WithReference(redis).WaitFor(redis);
}

builder.AddProject<Projects.Order_Api>("order")
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithReference(catalog).WaitFor(catalog)
    .WithReference(inventory).WaitFor(inventory);

builder.AddProject<Projects.Ledger_Api>("ledger")
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithReference(catalog).WaitFor(catalog);

builder.Build().Run();
