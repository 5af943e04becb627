using Integration.Contracts.Events.V1;
using Integration.Messaging;
using Integration.Messaging.Inbox;
using Integration.Order.Data;
using Integration.Order.Events;
using Integration.Order.Exceptions;
using Integration.Order.Facts;
using Integration.Order.Idempotency;
using Integration.Order.Orders;
using Integration.Order.Reservations;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<OrderDbContext>("orderdb", "Order");
builder.AddMessaging<OrderDbContext>("order");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<OrderMetrics>();
builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(OrderMetrics.MeterName));
builder.Services.AddScoped<OrderEventSink>();
builder.Services.AddScoped<ExceptionDesk>();
builder.Services.AddScoped<OrderLifecycle>();
builder.Services.AddScoped<FactRecorder>();
builder.Services.AddScoped<OrderIngestor>();
builder.Services.AddScoped<ExceptionOperations>();
builder.Services.AddScoped<IdempotentCalls>();
// Group commit of concurrent IngestOrder calls (one writer, one transaction per batch).
builder.Services.AddSingleton<IngestQueue>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestQueue>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapGrpcService<OrderGrpcService>();
// Inventory's answers to OrderPlaced: a refusal is a business exception on the order, a grant closes it.
app.MapEventHandler<ReservationRejected, ReservationRejectedHandler>();
app.MapEventHandler<StockReserved, StockReservedHandler>();
app.MapEventHandler<TaxMismatchDetected, Integration.Order.Tax.TaxMismatchDetectedHandler>();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
