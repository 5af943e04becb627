using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Data.Polling;

/// <summary>Reads and moves a poller's cursor; a cursor is only ever moved forward (by the caller's ordering) and only
/// after what it covers was accepted downstream, so a crash re-reads, never skips.</summary>
public static class PollCursorStore
{
    public static async Task<string?> ReadAsync(this ConnectorsDbContext db, string channel, string stream, CancellationToken ct) =>
        await db.PollCursors.AsNoTracking()
            .Where(c => c.Channel == channel && c.Stream == stream)
            .Select(c => c.Position)
            .FirstOrDefaultAsync(ct);

    public static async Task WriteAsync(this ConnectorsDbContext db, string channel, string stream, string position, DateTimeOffset at, CancellationToken ct)
    {
        var cursor = await db.PollCursors.FirstOrDefaultAsync(c => c.Channel == channel && c.Stream == stream, ct);
        if (cursor is null)
        {
            db.PollCursors.Add(new PollCursor { Channel = channel, Stream = stream, Position = position, UpdatedAt = at });
        }
        else
        {
            cursor.Position = position;
            cursor.UpdatedAt = at;
        }

        await db.SaveChangesAsync(ct);
    }
}
