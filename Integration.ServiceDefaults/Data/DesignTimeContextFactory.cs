using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// Base for the design-time factory in each migrations assembly, so <c>dotnet ef</c> builds the
/// context on that assembly's provider without starting the service. The connection string is
/// never opened by <c>migrations add</c>; <c>database update</c> takes one from
/// <c>INTEGRATION_DESIGN_CONNECTION</c>.
/// </summary>
public abstract class DesignTimeContextFactory<TContext>(DatabaseProvider provider, string placeholderConnection)
    : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("INTEGRATION_DESIGN_CONNECTION") ?? placeholderConnection;
        var options = new DbContextOptionsBuilder<TContext>();
        DatabaseExtensions.Configure(options, provider, connection, GetType().Assembly.GetName().Name!);
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}
