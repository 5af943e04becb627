using Integration.Messaging;
using Integration.Order.Data;
using Integration.Order.Orders;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<OrderDbContext>("orderdb", "Order");
builder.AddMessaging<OrderDbContext>("order");
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<OrderGrpcService>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
