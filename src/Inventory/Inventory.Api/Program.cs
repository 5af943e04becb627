using Integration.Contracts.Events.V1;
using Integration.Inventory.CatalogCopy;
using Integration.Messaging.Inbox;
using Integration.Messaging;
using Integration.Inventory;
using Integration.Inventory.Data;
using Integration.ServiceDefaults.Data;
using Integration.ServiceDefaults.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<InventoryDbContext>("inventorydb", "Inventory");
builder.AddMessaging<InventoryDbContext>("inventory");
builder.Services.AddSingleton(TimeProvider.System);
// Per-SKU reservation locks across replicas; the database guard alone keeps stock correct without it.
builder.AddOptionalRedis("reservation locks");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<InventoryGrpcService>();
app.MapEventHandler<ProductChanged, ProductChangedHandler>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
