using Integration.Messaging;
using Integration.Catalog.Data;
using Integration.Catalog.Products;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<CatalogDbContext>("catalogdb", "Catalog");
builder.AddMessaging<CatalogDbContext>("catalog");
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<CatalogGrpcService>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
