using Integration.Ledger.Data;
using Integration.ServiceDefaults.Data;

namespace Integration.Ledger.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context on PostgreSql.</summary>
public sealed class DesignTimeFactory()
    : DesignTimeContextFactory<LedgerDbContext>(DatabaseProvider.PostgreSql, "Host=localhost;Database=ledger;Username=postgres");
