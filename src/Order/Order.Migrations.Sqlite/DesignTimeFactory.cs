using Integration.Order.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Order.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context on Sqlite.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<OrderDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
