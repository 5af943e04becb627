using Integration.Connectors.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Connectors.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context on Sqlite.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<ConnectorsDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
