using Integration.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;

namespace Integration.Testing;

/// <summary>The checks every service runs on its migrations, once per provider.</summary>
public static class MigrationChecks
{
    /// <summary>Builds the context on <paramref name="provider"/> with the service's migrations assembly for it.</summary>
    public static TContext Create<TContext>(string migrationsPrefix, DatabaseProvider provider, string connectionString)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        DatabaseExtensions.Configure(options, provider, connectionString, DatabaseExtensions.MigrationsAssembly(migrationsPrefix, provider));
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }

    /// <summary>A connection string that is never opened: the model comparison needs none.</summary>
    public static string PlaceholderConnection(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=:memory:",
        DatabaseProvider.SqlServer => "Server=localhost;Database=unused;TrustServerCertificate=true",
        DatabaseProvider.PostgreSql => "Host=localhost;Database=unused",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Asserts the migrations of <paramref name="provider"/> match the current model.</summary>
    public static void AssertNoPendingModelChanges<TContext>(string migrationsPrefix, DatabaseProvider provider)
        where TContext : DbContext
    {
        using var db = Create<TContext>(migrationsPrefix, provider, PlaceholderConnection(provider));
        Xunit.Assert.NotEmpty(db.Database.GetMigrations());
        Xunit.Assert.False(db.Database.HasPendingModelChanges(),
            $"{typeof(TContext).Name} has model changes without a {provider} migration: run eng/add-migration.sh");
    }

    /// <summary>Applies every migration to a real, empty database and checks nothing is left pending.</summary>
    public static async Task AssertAppliesAsync<TContext>(string migrationsPrefix, DatabaseProvider provider, string connectionString)
        where TContext : DbContext
    {
        await using var db = Create<TContext>(migrationsPrefix, provider, connectionString);
        await db.Database.MigrateAsync();
        Xunit.Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Xunit.Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}
