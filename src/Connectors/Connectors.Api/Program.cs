using Integration.Connectors.Availability;
using Integration.Connectors.Channels;
using Integration.Connectors.Clients;
using Integration.Connectors.Data;
using Integration.Connectors.Vendure;
using Integration.Connectors.Webhooks;
using Integration.Messaging;
using Integration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<ConnectorsDbContext>("connectorsdb", "Connectors");
builder.AddMessaging<ConnectorsDbContext>("connectors");
builder.Services.AddSingleton(TimeProvider.System);
builder.AddChannels();
builder.AddServiceClients();
builder.AddWebhooks();
builder.AddVendure();
builder.AddAvailabilityOut();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMessaging();
app.MapWebhooks();
app.MapAvailabilityOut();

app.Run();

/// <summary>Entry point, visible to the in-memory test host.</summary>
public partial class Program;
