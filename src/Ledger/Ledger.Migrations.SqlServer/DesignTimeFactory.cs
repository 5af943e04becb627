using Integration.Ledger.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Ledger.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context on SqlServer.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<LedgerDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=ledger;Integrated Security=true;TrustServerCertificate=true");
