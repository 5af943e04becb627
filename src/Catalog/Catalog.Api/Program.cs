using Integration.Catalog.Conflicts;
using Integration.Catalog.Data;
using Integration.Catalog.Import;
using Integration.Catalog.Ownership;
using Integration.Catalog.Products;
using Integration.Messaging;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<CatalogDbContext>("catalogdb", "Catalog");
builder.AddMessaging<CatalogDbContext>("catalog");
builder.Services.Configure<OwnershipOptions>(builder.Configuration.GetSection(OwnershipOptions.Section));
builder.Services.AddSingleton<OwnershipRegistry>();
builder.Services.AddScoped<ProductWriter>();
builder.Services.AddScoped<ConflictResolver>();
builder.Services.AddScoped<ProductImporter>();
builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section)
    .Validate(o => o.BatchSize is > 0 and <= 10_000, "Catalog:Import:BatchSize must be 1-10000").ValidateOnStart();

var app = builder.Build();

// An invalid registry stops the service here, naming each bad key, rather than failing the first write.
app.Services.GetRequiredService<OwnershipRegistry>();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<CatalogGrpcService>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
