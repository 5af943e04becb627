using Integration.Inventory.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Inventory.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context on Sqlite.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<InventoryDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
