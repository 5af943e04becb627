using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Integration.Testing;

/// <summary>
/// One service in memory on its real pipeline (interceptors, EF Core, migrations at start-up)
/// with its own SQLite file, removed on dispose.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly string _folder = Directory.CreateTempSubdirectory("integration-test-").FullName;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    /// <summary>The connection-string name of the service's database (e.g. "catalogdb").</summary>
    protected ServiceFactory(string connectionName)
    {
        _settings[$"ConnectionStrings:{connectionName}"] = $"Data Source={Path.Combine(_folder, connectionName + ".db")}";
        _settings["Database:Provider"] = "Sqlite";
    }

    /// <summary>Adds or overrides a configuration value before the host starts.</summary>
    public void Set(string key, string? value) => _settings[key] = value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A gRPC channel to the in-memory server.</summary>
    public GrpcChannel CreateGrpcChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finalizer-bound connection; the temp folder is cleaned by the OS.
            }
        }
    }
}
