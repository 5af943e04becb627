using Integration.Catalog.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Catalog.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context on Sqlite.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<CatalogDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
