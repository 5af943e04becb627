using Integration.Catalog.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Catalog.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context on PostgreSql.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<CatalogDbContext>(DatabaseProvider.PostgreSql, "Host=localhost;Database=catalog;Username=postgres");
