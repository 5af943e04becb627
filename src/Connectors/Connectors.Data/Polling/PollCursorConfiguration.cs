using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Connectors.Data.Polling;

internal sealed class PollCursorConfiguration : IEntityTypeConfiguration<PollCursor>
{
    public void Configure(EntityTypeBuilder<PollCursor> builder)
    {
        builder.ToTable("poll_cursors");
        builder.HasKey(c => new { c.Channel, c.Stream });
        builder.Property(c => c.Channel).HasMaxLength(100);
        builder.Property(c => c.Stream).HasMaxLength(100);
        builder.Property(c => c.Position).HasMaxLength(1000);
    }
}
