using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Integration.Inventory.Bench;

/// <summary>A child process: the Inventory service as it runs in production (Kestrel, its own SQLite file), or a redis-server.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>CPU time the child process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ServiceProcess> StartRedisAsync()
    {
        var port = FreePort();
        var process = Start("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no", new Dictionary<string, string>());
        var redis = new ServiceProcess(process, port);
        await redis.WaitListeningAsync();
        return redis;
    }

    /// <summary>Starts the built Inventory.Api (same configuration as this bench) on free ports with a fresh database.</summary>
    public static async Task<ServiceProcess> StartInventoryAsync(string dataFolder, string? redis, bool lockOn)
    {
        var port = FreePort();
        var dll = Path.Combine(RepoRoot(), "src", "Inventory", "Inventory.Api", "bin", Configuration(), "net10.0", "Inventory.Api.dll");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{port}",
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["ConnectionStrings__inventorydb"] = $"Data Source={Path.Combine(dataFolder, "inventorydb.db")}",
            ["Inventory__Reservations__Lock"] = lockOn ? "Auto" : "Off",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Integration.ServiceDefaults.Redis"] = "Warning",
        };
        if (redis is not null)
        {
            environment["ConnectionStrings__redis"] = redis;
        }

        var service = new ServiceProcess(Start("dotnet", $"\"{dll}\"", environment, Path.GetDirectoryName(dll)), port);
        await service.WaitListeningAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Start(string file, string arguments, Dictionary<string, string> environment, string? workingDirectory = null)
    {
        // The service's folder is its content root, so its appsettings.json applies as in production.
        var info = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        // Drain the pipes so a chatty child never blocks on a full buffer; warnings and errors are worth seeing.
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Echo(string? line)
    {
        if (line is not null && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine("  [service] " + line);
        }
    }

    private async Task WaitListeningAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the child process exited with code {_process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nothing listened on port {Port}");
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Integration.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Integration.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
