using Integration.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Redis only when this machine can run it without Docker; otherwise services use their in-process fallback.
var redis = LocalRedis.AddIfInstalled(builder);

var catalog = builder.AddProject<Projects.Catalog_Api>("catalog")
    .WithHttpHealthCheck("/health", endpointName: "http");

builder.Build().Run();
