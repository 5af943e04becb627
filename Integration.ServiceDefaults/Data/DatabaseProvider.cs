namespace Integration.ServiceDefaults.Data;

/// <summary>The database engines a service can run on. SQLite is the embedded default.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
