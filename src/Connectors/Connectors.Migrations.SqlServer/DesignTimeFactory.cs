using Integration.Connectors.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Connectors.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context on SqlServer.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<ConnectorsDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=order;Integrated Security=true;TrustServerCertificate=true");
