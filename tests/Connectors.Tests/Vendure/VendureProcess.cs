using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>
/// A real Vendure (the pinned install from eng/vendure/install.sh) on loopback, started with eng/vendure/server.js on
/// a free port and its own SQLite file, seeded on first start. Can be killed and started again on the same port and
/// file (a storefront restart).
/// </summary>
public sealed class VendureProcess : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("integration-vendure-").FullName;
    private readonly List<string> _output = [];
    private Process? _process;

    private VendureProcess()
    {
        Port = FreePort();
        Database = Path.Combine(_folder, "vendure.sqlite");
    }

    public int Port { get; }

    public string Database { get; }

    public Uri AdminApi => new($"http://127.0.0.1:{Port}/admin-api");

    public Uri ShopApi => new($"http://127.0.0.1:{Port}/shop-api");

    /// <summary>What the first start seeded: stock location ids by name, variant ids by SKU.</summary>
    public JsonElement Seed { get; private set; }

    public string StockLocation(string name) => Seed.GetProperty("stockLocations").GetProperty(name).GetString()!;

    public string Variant(string sku) => Seed.GetProperty("variants").GetProperty(sku).GetString()!;

    public static string Home =>
        Environment.GetEnvironmentVariable("INTEGRATION_VENDURE_HOME")
        ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "integration-vendure");

    public static async Task<VendureProcess> StartAsync()
    {
        var vendure = new VendureProcess();
        vendure.Seed = await vendure.RunAsync(fresh: true);
        return vendure;
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts Vendure again on the same port and database.</summary>
    public Task RestartAsync() => RunAsync(fresh: false);

    private async Task<JsonElement> RunAsync(bool fresh)
    {
        if (!Directory.Exists(Path.Combine(Home, "node_modules", "@vendure", "core")))
        {
            throw new InvalidOperationException($"Vendure is not installed in {Home}: run eng/vendure/install.sh (.ci/run does) before these tests");
        }

        var script = Path.Combine(RepositoryRoot(), "eng", "vendure", "server.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--home", Home, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Database })
        {
            start.ArgumentList.Add(argument);
        }

        if (fresh)
        {
            start.ArgumentList.Add("--fresh");
        }

        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.Add(line);
            }

            if (line.StartsWith("VENDURE READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(JsonDocument.Parse(line["VENDURE READY ".Length..]).RootElement.Clone());
            }
            else if (line.StartsWith("VENDURE FAILED", StringComparison.Ordinal))
            {
                ready.TrySetException(new InvalidOperationException($"Vendure did not start: {Output()}"));
            }
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Vendure exited before it was ready: {Output()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(30));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "vendure", "server.js")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("eng/vendure/server.js not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }
}
