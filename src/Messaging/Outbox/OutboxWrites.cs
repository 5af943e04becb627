using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Messaging.Outbox;

/// <summary>
/// Per context: whether its current (or next) transaction carries outbox rows, so the commit interceptor wakes the
/// dispatcher for those commits only, and the rows <see cref="IOutbox.Enqueue"/> staged for <see cref="OutboxDirectInsert"/>.
/// A mark left behind (a save that failed, a transaction disposed without commit or rollback) costs one spurious
/// wake-up at worst; a missing one delays the event until the dispatcher's poll. One entry per context for its lifetime
/// (a pooled one keeps it): marks are set and cleared in it, never added and removed, because each entry of the table is
/// a GC dependent handle, and adding and removing one per commit churned them.
/// </summary>
internal static class OutboxWrites
{
    private static readonly ConditionalWeakTable<DbContext, State> Table = [];

    public static State For(DbContext db) => Table.GetOrCreateValue(db);

    public static bool TryGet(DbContext db, out State state) => Table.TryGetValue(db, out state!);

    public static void Mark(DbContext db) => For(db).Marked = true;

    public static bool IsMarked(DbContext db) => Table.TryGetValue(db, out var state) && state.Marked;

    /// <summary>Clears the mark; whether there was one.</summary>
    public static bool Take(DbContext db)
    {
        if (!Table.TryGetValue(db, out var state) || !state.Marked)
        {
            return false;
        }

        state.Marked = false;
        return true;
    }

    internal sealed class State
    {
        public bool Marked { get; set; }

        /// <summary>Rows <see cref="IOutbox.Enqueue"/> added, in order, not yet saved.</summary>
        public List<OutboxMessage> Staged { get; } = [];

        /// <summary>Rows the current save inserted itself (until it completes or fails).</summary>
        public List<OutboxMessage>? Inserted { get; set; }

        /// <summary>The transaction the current save began for them, if it had none.</summary>
        public IDbContextTransaction? Owned { get; set; }

        /// <summary>The context's AutoSavepointsEnabled to put back after a save in <see cref="Owned"/>.</summary>
        public bool? RestoreSavepoints { get; set; }
    }
}
