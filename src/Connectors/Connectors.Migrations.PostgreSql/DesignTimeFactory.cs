using Integration.Connectors.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Connectors.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context on PostgreSql.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<ConnectorsDbContext>(DatabaseProvider.PostgreSql, "Host=localhost;Database=order;Username=postgres");
