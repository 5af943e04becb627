using Integration.Order.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Order.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context on SqlServer.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<OrderDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=order;Integrated Security=true;TrustServerCertificate=true");
