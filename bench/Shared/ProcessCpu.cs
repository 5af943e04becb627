using System.Diagnostics;
using System.Globalization;

namespace Integration.Bench;

/// <summary>
/// CPU time of the service (this bench's child process) and of the bench itself over a phase: other load may share
/// the machine's two cores, so wall-clock rates are noisy and CPU per event is the figure that compares runs.
/// </summary>
internal sealed class ProcessCpu
{
    private readonly int? _child;
    private readonly TimeSpan _childStart;
    private readonly TimeSpan _selfStart;

    private ProcessCpu(int? child)
    {
        _child = child;
        _childStart = Of(child);
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public static ProcessCpu Start() => new(Child());

    public (TimeSpan Service, TimeSpan Bench) Elapsed() =>
        (Of(_child) - _childStart, Process.GetCurrentProcess().TotalProcessorTime - _selfStart);

    /// <summary>The service process this bench started (Linux: listed in /proc/self/task/*/children).</summary>
    public static int? Child()
    {
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task") : [])
        {
            var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length > 0)
            {
                return int.Parse(children[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static TimeSpan Of(int? pid)
    {
        if (pid is not { } id)
        {
            return TimeSpan.Zero;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }
}
