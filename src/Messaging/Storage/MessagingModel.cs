using Integration.Messaging.DeadLetters;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Storage;

/// <summary>The messaging tables, added to each service's own DbContext so they share its transactions.</summary>
public static class MessagingModel
{
    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.EventId).HasMaxLength(64);
            outbox.HasIndex(m => m.EventId).IsUnique();
            outbox.Property(m => m.Type).HasMaxLength(200);
            outbox.Property(m => m.AggregateKey).HasMaxLength(200);
            outbox.Property(m => m.TraceParent).HasMaxLength(64);
            outbox.Property(m => m.LeaseOwner).HasMaxLength(64);
            outbox.Property(m => m.LastError).HasMaxLength(4000);
            // Pending rows are found by these two; published rows are pruned by the first.
            outbox.HasIndex(m => new { m.PublishedAt, m.Id });
            outbox.HasIndex(m => new { m.AggregateKey, m.Id });
        });

        model.Entity<InboxRecord>(inbox =>
        {
            inbox.ToTable("inbox_records");
            inbox.HasKey(r => new { r.Consumer, r.EventId });
            inbox.Property(r => r.Consumer).HasMaxLength(200);
            inbox.Property(r => r.EventId).HasMaxLength(64);
            inbox.Property(r => r.Type).HasMaxLength(200);
            inbox.HasIndex(r => r.ProcessedAt);
        });

        model.Entity<InboxFailure>(failure =>
        {
            failure.ToTable("inbox_failures");
            failure.HasKey(f => new { f.Consumer, f.EventId });
            failure.Property(f => f.Consumer).HasMaxLength(200);
            failure.Property(f => f.EventId).HasMaxLength(64);
            failure.Property(f => f.LastError).HasMaxLength(4000);
        });

        model.Entity<DeadLetter>(dead =>
        {
            dead.ToTable("dead_letters");
            dead.HasKey(d => d.Id);
            dead.Property(d => d.Id).HasMaxLength(32);
            dead.Property(d => d.Kind).HasMaxLength(16);
            dead.Property(d => d.Status).HasMaxLength(16);
            dead.Property(d => d.EventId).HasMaxLength(64);
            dead.Property(d => d.EventType).HasMaxLength(200);
            dead.Property(d => d.Consumer).HasMaxLength(200);
            dead.Property(d => d.LastError).HasMaxLength(4000);
            dead.HasIndex(d => new { d.Status, d.ParkedAt });
            // Every delivery asks whether its event is parked for its consumer.
            dead.HasIndex(d => new { d.Consumer, d.EventId });
            dead.HasIndex(d => d.OutboxMessageId);
            dead.HasMany(d => d.Actions).WithOne().HasForeignKey(a => a.DeadLetterId);
        });

        model.Entity<DeadLetterAction>(action =>
        {
            action.ToTable("dead_letter_actions");
            action.HasKey(a => a.Id);
            action.Property(a => a.DeadLetterId).HasMaxLength(32);
            action.Property(a => a.Action).HasMaxLength(16);
            action.Property(a => a.Actor).HasMaxLength(200);
            action.Property(a => a.Reason).HasMaxLength(1000);
        });

        return model;
    }
}
