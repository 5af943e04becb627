using Integration.Order.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Order.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context on PostgreSql.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<OrderDbContext>(DatabaseProvider.PostgreSql, "Host=localhost;Database=order;Username=postgres");
