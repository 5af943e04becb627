using System.Globalization;

namespace Integration.Bench;

/// <summary>
/// The threads of a process with the CPU each has used, from /proc (Linux; empty elsewhere or once the process is
/// gone): for the benches' breakdowns by thread kind (thread-pool workers, GC, the background JIT).
/// </summary>
internal static class ThreadTimes
{
    /// <summary>Each thread of <paramref name="pid"/> (this process when null): its id, name and user + system CPU.</summary>
    public static IEnumerable<(int Id, string Name, TimeSpan Cpu)> Of(int? pid = null)
    {
        var folder = pid is { } id ? $"/proc/{id}/task" : "/proc/self/task";
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var task in Directory.EnumerateDirectories(folder))
        {
            (string Name, long Ticks)? read;
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th there (clock ticks).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                read = (name, long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
                read = null;
            }

            if (read is { } thread)
            {
                // USER_HZ is 100 on Linux.
                yield return (int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), thread.Name, TimeSpan.FromMilliseconds(thread.Ticks * 10));
            }
        }
    }
}
