using Integration.Inventory.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Inventory.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context on SqlServer.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<InventoryDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=inventory;Integrated Security=true;TrustServerCertificate=true");
