using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Integration.Bench;

/// <summary>The Catalog service as its own process (Release build) on a loopback port with a fresh SQLite file.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private ServiceProcess(Process process, string folder, GrpcChannel channel, Uri http)
    {
        _process = process;
        _folder = folder;
        Channel = channel;
        Http = http;
    }

    public GrpcChannel Channel { get; }

    /// <summary>The HTTP/1 endpoint with the event subscription routes.</summary>
    public Uri Http { get; }

    /// <summary>The SQLite file of the service's database.</summary>
    public string Database { get; private init; } = string.Empty;

    /// <summary>Starts <paramref name="dll"/> with its database <paramref name="connection"/> (e.g. "catalogdb") in a new folder and waits until <paramref name="ready"/> answers over gRPC.</summary>
    public static async Task<ServiceProcess> StartAsync(string dll, string connection, Func<GrpcChannel, CancellationToken, Task> ready, CancellationToken ct)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} not found: build it first (dotnet build -c Release Integration.sln)", dll);
        }

        var folder = Directory.CreateTempSubdirectory("integration-bench-").FullName;
        int grpc = FreePort(), http = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var database = Path.Combine(folder, connection + ".db");
        start.Environment[$"ConnectionStrings__{connection}"] = $"Data Source={database}";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"{connection}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await ready(channel, ct);
                return new ServiceProcess(process, folder, channel, new Uri($"http://127.0.0.1:{http}")) { Database = database };
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
