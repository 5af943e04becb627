using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Bench;

/// <summary>A service database in miniature: the state change each event stands for, plus the messaging tables.</summary>
public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<Fact> Facts => Set<Fact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Fact>().ToTable("facts").HasKey(f => f.Id);
        modelBuilder.AddMessagingTables();
    }
}

/// <summary>One state change (producer side) or one handled event (consumer side).</summary>
public sealed class Fact
{
    public long Id { get; set; }

    public required string Key { get; set; }
}
