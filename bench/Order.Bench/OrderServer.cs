using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Integration.Order.Bench;

/// <summary>The Order service as its own process (Release build), on a fresh SQLite file, gRPC on a free loopback port.</summary>
internal sealed class OrderServer : IAsyncDisposable
{
    private readonly Process _process;

    private OrderServer(Process process, string folder, Uri address)
    {
        _process = process;
        Folder = folder;
        Address = address;
    }

    public string Folder { get; }

    public Uri Address { get; }

    public string DatabaseFile => Path.Combine(Folder, "orderdb.db");

    /// <summary>CPU the service process has used so far (all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<OrderServer> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var dll = FindServiceDll();
        var folder = Directory.CreateTempSubdirectory("order-bench-").FullName;
        var grpc = FreePort();
        var http = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__orderdb"] = $"Data Source={Path.Combine(folder, "orderdb.db")}",
                ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}",
                ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{http}",
                ["Logging__LogLevel__Default"] = "Warning",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
            },
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll);
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrderServer(process, folder, new Uri($"http://127.0.0.1:{grpc}"));
        using var client = new HttpClient();
        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/health"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        await server.DisposeAsync();
        throw new TimeoutException("the Order service did not become healthy within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private static void Echo(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine("[order] " + line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Order.Api.dll of the same configuration as this bench, found from the repository root.</summary>
    private static string FindServiceDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "Order", "Order.Api", "bin", configuration, "net10.0", "Order.Api.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("Order.Api.dll not found; build bench/Order.Bench first");
    }
}
