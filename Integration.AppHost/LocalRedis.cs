using System.Net;
using System.Net.Sockets;

namespace Integration.AppHost;

/// <summary>
/// Redis as a plain executable: the Aspire Redis integration is a container, and a machine without
/// a Docker engine would leave it (and everything waiting on it) unhealthy forever.
/// </summary>
internal static class LocalRedis
{
    public static IResourceBuilder<IResourceWithConnectionString>? AddIfInstalled(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration["Integration:Redis"] is { } setting && setting.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            return null;
        }

        var port = FreePort();
        var server = builder.AddExecutable("redis-server", executable, builder.AppHostDirectory,
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--appendonly", "no", "--dir", Path.GetTempPath(), "--dbfilename", $"integration-redis-{port}.rdb")
            .WithEndpoint(name: "tcp", port: port, targetPort: port, scheme: "tcp", isProxied: false);
        var endpoint = server.GetEndpoint("tcp");
        return builder.AddConnectionString("redis", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"))
            .WaitFor(server);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
