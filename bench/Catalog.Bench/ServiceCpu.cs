using System.Diagnostics;

namespace Integration.Catalog.Bench;

/// <summary>
/// CPU time used so far by the service process this bench started (found as our child process running the given
/// assembly), so each pass can report CPU per product next to the wall-clock rate, which other load distorts.
/// </summary>
internal sealed class ServiceCpu(Process process)
{
    public TimeSpan Used
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static ServiceCpu Find(string dll)
    {
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // Field 4 of /proc/<pid>/stat is the parent; the name in field 2 may hold spaces, so count after its ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (parent == self && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(Path.GetFileName(dll), StringComparison.Ordinal))
                {
                    return new ServiceCpu(Process.GetProcessById(pid));
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        throw new InvalidOperationException($"no child process runs {dll} (CPU per product needs Linux /proc)");
    }
}
