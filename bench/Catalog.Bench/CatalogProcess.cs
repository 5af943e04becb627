using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Bench;

/// <summary>The Catalog service as its own process (Release build) on a loopback port with a fresh SQLite file.</summary>
internal sealed class CatalogProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private CatalogProcess(Process process, string folder, GrpcChannel channel)
    {
        _process = process;
        _folder = folder;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public static async Task<CatalogProcess> StartAsync(string dll, CancellationToken ct)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} not found: build it first (dotnet build -c Release src/Catalog/Catalog.Api)", dll);
        }

        var folder = Directory.CreateTempSubdirectory("integration-catalog-bench-").FullName;
        int grpc = FreePort(), http = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__catalogdb"] = $"Data Source={Path.Combine(folder, "catalog.db")}";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Catalog");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"catalog: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}");
        var client = new CatalogService.CatalogServiceClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await client.GetOwnershipRegistryAsync(new GetOwnershipRegistryRequest(), cancellationToken: ct);
                return new CatalogProcess(process, folder, channel);
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
