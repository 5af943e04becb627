using Integration.Contracts.Ledger.V1;
using Integration.Testing;

namespace Integration.Ledger.Tests;

/// <summary>The Ledger service in memory on its own SQLite file (or a given PostgreSQL database).</summary>
public sealed class LedgerFactory : ServiceFactory<Program>
{
    public LedgerFactory()
        : base("ledgerdb")
    {
    }

    /// <summary>The service on a real PostgreSQL database instead of SQLite.</summary>
    public static LedgerFactory OnPostgreSql(string connectionString)
    {
        var factory = new LedgerFactory();
        factory.Set("Database:Provider", "PostgreSql");
        factory.Set("ConnectionStrings:ledgerdb", connectionString);
        return factory;
    }

    public LedgerService.LedgerServiceClient CreateLedgerClient() => new(CreateGrpcChannel());
}
