using Integration.Connectors.Data.Availability;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Data.Exceptions;
using Integration.Connectors.Data.Polling;
using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Data;

/// <summary>
/// The Connectors service's own database: what storefronts sent us (raw, before anything is made of it), where each
/// poller stopped, what each channel was last told about stock, and what an operator must look at.
/// </summary>
public sealed class ConnectorsDbContext(DbContextOptions<ConnectorsDbContext> options) : DbContext(options)
{
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    public DbSet<ConnectorException> Exceptions => Set<ConnectorException>();

    public DbSet<PollCursor> PollCursors => Set<PollCursor>();

    public DbSet<PushState> PushStates => Set<PushState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConnectorsDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }
}
