using Integration.Ledger.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Ledger.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context on Sqlite.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<LedgerDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db");
