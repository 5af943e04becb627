using Integration.Catalog.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Catalog.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context on SqlServer.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<CatalogDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=catalog;Integrated Security=true;TrustServerCertificate=true");
