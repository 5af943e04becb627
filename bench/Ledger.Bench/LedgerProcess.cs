using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Bench;

/// <summary>The Catalog service as its own process (Release build) on a loopback port with a fresh SQLite file.</summary>
internal sealed class LedgerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private LedgerProcess(Process process, string folder, GrpcChannel channel, Uri http)
    {
        _process = process;
        _folder = folder;
        Channel = channel;
        Http = http;
    }

    public GrpcChannel Channel { get; }

    /// <summary>The HTTP/1 endpoint with the event subscription routes.</summary>
    public Uri Http { get; }

    public string Database => Path.Combine(_folder, "ledger.db");

    public static async Task<LedgerProcess> StartAsync(string dll, CancellationToken ct)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} not found: build it first (dotnet build -c Release src/Ledger/Ledger.Api)", dll);
        }

        var folder = Directory.CreateTempSubdirectory("integration-ledger-bench-").FullName;
        int grpc = FreePort(), http = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__ledgerdb"] = $"Data Source={Path.Combine(folder, "ledger.db")}";
        start.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Ledger");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"ledger: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}");
        var client = new LedgerService.LedgerServiceClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await client.ListAccountsAsync(new ListAccountsRequest(), cancellationToken: ct);
                return new LedgerProcess(process, folder, channel, new Uri($"http://127.0.0.1:{http}"));
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
