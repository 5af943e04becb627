using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.ServiceDefaults.Data;

/// <summary>Registers a service's own database: provider from configuration, migrations applied at start-up, a health check.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TContext"/> on the provider named by <c>Database:Provider</c>
    /// (Sqlite, SqlServer or PostgreSql; Sqlite when absent) with the connection string
    /// <c>ConnectionStrings:{connectionName}</c>. Without a connection string SQLite uses
    /// <c>App_Data/{connectionName}.db</c> under the content root. Migrations come from the
    /// assembly <c>{migrationsPrefix}.Migrations.{Provider}</c>. On SQLite the connections get
    /// <paramref name="sqliteTuning"/> (<see cref="SqliteConnectionTuning.Instance"/> when absent).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(
        this IHostApplicationBuilder builder, string connectionName, string migrationsPrefix, SqliteConnectionTuning? sqliteTuning = null)
        where TContext : DbContext
    {
        var provider = ReadProvider(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {provider} but ConnectionStrings:{connectionName} is not set.");
            }

            var folder = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, connectionName + ".db")}";
        }

        builder.Services.AddDbContext<TContext>(options =>
            Configure(options, provider, connectionString, MigrationsAssembly(migrationsPrefix, provider), sqliteTuning));
        builder.Services.AddHostedService<MigrateDatabaseHostedService<TContext>>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>The name of the assembly holding the migrations of one provider.</summary>
    public static string MigrationsAssembly(string migrationsPrefix, DatabaseProvider provider) =>
        $"{migrationsPrefix}.Migrations.{provider}";

    /// <summary>Configures <paramref name="options"/> for one provider. Used at run time, design time and in tests.</summary>
    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, string migrationsAssembly,
        SqliteConnectionTuning? sqliteTuning = null) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(migrationsAssembly))
                .AddInterceptors(sqliteTuning ?? SqliteConnectionTuning.Instance),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o =>
            {
                o.MigrationsAssembly(migrationsAssembly);
                o.EnableRetryOnFailure();
            }),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(migrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
        };

    private static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database:Provider '{value}' is not one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
    }
}
