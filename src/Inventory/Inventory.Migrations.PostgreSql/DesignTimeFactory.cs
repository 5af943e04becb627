using Integration.Inventory.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Inventory.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context on PostgreSql.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<InventoryDbContext>(DatabaseProvider.PostgreSql, "Host=localhost;Database=inventory;Username=postgres");
