using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Connectors.Data.Exceptions;

internal sealed class ConnectorExceptionConfiguration : IEntityTypeConfiguration<ConnectorException>
{
    public void Configure(EntityTypeBuilder<ConnectorException> builder)
    {
        builder.ToTable("connector_exceptions");
        builder.Property(e => e.Channel).HasMaxLength(100);
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.Reference).HasMaxLength(300);
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.Property(e => e.ResolvedBy).HasMaxLength(200);
        builder.Property(e => e.Resolution).HasMaxLength(2000);
        builder.HasIndex(e => new { e.Status, e.Channel, e.Id });
        builder.HasIndex(e => new { e.Channel, e.Kind, e.Reference });
    }
}
