using Integration.Contracts.Events.V1;
using Integration.Inventory;
using Integration.Inventory.Availability;
using Integration.Inventory.CatalogCopy;
using Integration.Inventory.Data;
using Integration.Inventory.Invariants;
using Integration.Inventory.Locations;
using Integration.Inventory.Locks;
using Integration.Inventory.Movements;
using Integration.Inventory.Orders;
using Integration.Inventory.Policies;
using Integration.Inventory.Reservations;
using Integration.Inventory.Stock;
using Integration.Messaging;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Data;
using Integration.ServiceDefaults.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<InventoryDbContext>("inventorydb", "Inventory");
builder.AddMessaging<InventoryDbContext>("inventory");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<InventoryOptions>().Bind(builder.Configuration.GetSection(InventoryOptions.Section))
    .Validate(o => o.Reservations.MaxBatch is > 0 and <= 10_000, "Inventory:Reservations:MaxBatch must be 1-10000")
    .ValidateOnStart();

// Per-SKU reservation locks across replicas; the database guard alone keeps stock correct without it.
var redis = builder.AddOptionalRedis("reservation locks");
var lockMode = builder.Configuration["Inventory:Reservations:Lock"] ?? "Auto";
if (string.Equals(lockMode, "Off", StringComparison.OrdinalIgnoreCase))
{
    builder.Services.AddSingleton<ISkuLock, NoSkuLock>();
}
else if (redis)
{
    builder.Services.AddSingleton<ISkuLock, RedisSkuLock>();
}
else
{
    builder.Services.AddSingleton<ISkuLock, InProcessSkuLock>();
}

builder.Services.AddSingleton<LocationDirectory>();
builder.Services.AddSingleton<SkuDirectory>();
builder.Services.AddSingleton<ReservationBatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationBatcher>());
builder.Services.AddSingleton<ReservationExpiry>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationExpiry>());
builder.Services.AddSingleton<AvailabilityPublisher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AvailabilityPublisher>());
builder.Services.AddHostedService<InvariantMonitor>();
builder.Services.AddScoped<ReservationDecider>();
builder.Services.AddScoped<ReservationLifecycle>();
builder.Services.AddScoped<MovementBooker>();
builder.Services.AddScoped<OrderReservations>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<InventoryGrpcService>();
app.MapEventHandler<ProductChanged, ProductChangedHandler>();
app.MapEventHandler<OrderPlaced, OrderPlacedHandler>();
app.MapEventHandler<OrderPaid, OrderPaidHandler>();
app.MapEventHandler<OrderCancelled, OrderCancelledHandler>();
app.MapEventHandler<OrderShipped, OrderShippedHandler>();
app.MapEventHandler<OrderRefunded, OrderRefundedHandler>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
