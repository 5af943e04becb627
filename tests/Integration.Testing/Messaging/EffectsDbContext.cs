using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;

namespace Integration.Testing.Messaging;

/// <summary>A service's database in miniature: one table of effects plus the messaging tables.</summary>
public sealed class EffectsDbContext(DbContextOptions<EffectsDbContext> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Effect>(e =>
        {
            e.ToTable("effects");
            e.HasKey(x => x.Id);
        });
        modelBuilder.AddMessagingTables();
    }
}

/// <summary>One observable effect of a handler (or a producer's state change).</summary>
public sealed class Effect
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public string? EventId { get; set; }

    public DateTime At { get; set; }
}
