using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Outbox;

/// <summary>
/// Which contexts have outbox rows in their current (or next) transaction, so the commit interceptor wakes the dispatcher
/// for those commits only. A mark left behind (a save that failed, a transaction disposed without commit or rollback)
/// costs one spurious wake-up at worst; a missing one delays the event until the dispatcher's poll.
/// </summary>
internal static class OutboxWrites
{
    private static readonly object Marker = new();
    private static readonly ConditionalWeakTable<DbContext, object> Marks = [];

    public static void Mark(DbContext db) => Marks.AddOrUpdate(db, Marker);

    public static bool IsMarked(DbContext db) => Marks.TryGetValue(db, out _);

    /// <summary>Clears the mark; whether there was one.</summary>
    public static bool Take(DbContext db) => Marks.Remove(db);
}
