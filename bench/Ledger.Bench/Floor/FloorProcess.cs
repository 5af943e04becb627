using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Integration.Ledger.Bench.Floor;

/// <summary>The floor host (this bench's own assembly, <see cref="FloorHost.Command"/>) as its own process on a loopback port with a fresh SQLite file.</summary>
internal sealed class FloorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private FloorProcess(Process process, string folder, Uri http)
    {
        _process = process;
        _folder = folder;
        Http = http;
    }

    public Uri Http { get; }

    public static async Task<FloorProcess> StartAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("integration-bench-floor-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var self = typeof(FloorProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [self, FloorHost.Command, Path.Combine(folder, "floor.db"), url])
        {
            WorkingDirectory = Path.GetDirectoryName(self)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // As the Ledger service runs (a web project: server GC; TieredPGO off in its project and in this bench's).
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the floor host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"floor: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative), ct);
                response.EnsureSuccessStatusCode();
                return new FloorProcess(process, folder, new Uri(url));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
