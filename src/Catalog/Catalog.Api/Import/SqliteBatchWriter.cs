using System.Data.Common;
using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Products;
using Integration.Messaging.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Integration.Catalog.Import;

/// <summary>
/// An import batch's save on SQLite: what the batch staged on the context (products, variants, prices, channel ids,
/// audit records) plus its outbox rows, written with one prepared INSERT / UPDATE / DELETE per table and column set
/// in one transaction of the context's own connection. SaveChanges spent two thirds of the import's time building
/// command batches (sorting, per-row SQL text and parameters) for a few thousand rows. Tables, columns, value
/// conversions, keys and the version concurrency token all come from the EF model, so the rows are the ones
/// SaveChanges writes; a version that moved meanwhile fails like SaveChanges does (DbUpdateConcurrencyException).
/// </summary>
internal static class SqliteBatchWriter
{
    /// <summary>Insertion order, parents first (SQLite enforces the foreign keys); deletes run the other way.</summary>
    private static readonly Type[] Rank =
        [typeof(Product), typeof(Variant), typeof(VariantPrice), typeof(ExternalId), typeof(ProductChangeRecord), typeof(OwnershipConflict), typeof(OutboxMessage)];

    /// <summary>
    /// Whether this writer can save what is tracked: SQLite, and no added row waiting for a generated key (a recorded
    /// ownership conflict; rare in an import), which SaveChanges reads back for us.
    /// </summary>
    public static bool CanSave(DbContext db) =>
        db.Database.IsSqlite()
        && !db.ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Properties.Any(p => p.IsTemporary));

    /// <summary>
    /// Detects what changed on the entities loaded from the database (new variants, prices, channel ids, changed
    /// values). A collecting writer tracks nothing new, so that is all there is to detect; detecting over thousands of
    /// added entities was a quarter of the import's time. Call with automatic detection off.
    /// </summary>
    public static void DetectChanges(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            entry.DetectChanges();
        }
    }

    /// <summary>Writes the tracked changes and <paramref name="events"/> (in their order) in one transaction, then accepts the changes.</summary>
    public static async Task SaveAsync(DbContext db, StagedRows staged, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select((e, i) => (Entry: e, Rank: RankOf(e.Metadata.ClrType), Order: i))
            .ToList();
        var model = db.Model;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // On the transaction's connection: the statements run inside it.
            using var statements = new SqliteStatements((SqliteConnection)db.Database.GetDbConnection());
            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Deleted).OrderByDescending(e => e.Rank).ThenBy(e => e.Order))
            {
                statements.Delete(entry);
            }

            // Parents first: per table, tracked additions (new variants of stored products) then the collected, untracked rows.
            var added = entries.Where(e => e.Entry.State == EntityState.Added).ToList();
            for (var rank = 0; rank <= Rank.Length; rank++)
            {
                foreach (var (entry, _, _) in added.Where(e => e.Rank == rank))
                {
                    statements.Insert(entry);
                }

                InsertUntracked(statements, model, staged, rank);
            }

            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Modified).OrderBy(e => e.Rank).ThenBy(e => e.Order))
            {
                statements.Update(entry);
            }

            // Last and in order: the outbox id orders each product's events.
            var outbox = Type(model, typeof(OutboxMessage));
            foreach (var evt in staged.Events)
            {
                statements.Insert(outbox, evt, null);
            }

            // These rows bypass EF, so the commit interceptor is told; otherwise the events wait for the dispatcher's poll.
            if (staged.Events.Count > 0 || added.Any(e => e.Entry.Entity is OutboxMessage))
            {
                OutboxSignal.WakeOnCommit(db);
            }

            // The statements are finalized before the commit, as ADO.NET commands are.
            statements.Dispose();
            await transaction.CommitAsync(ct);
        }
        catch (DbException ex)
        {
            // As SaveChanges reports it, so the importer replays the batch row by row.
            throw new DbUpdateException($"the import batch could not be written: {ex.Message}", ex);
        }

        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>The collected rows of one table: new products as the batch left them (with variants, prices, channel ids), or the audit records, in order.</summary>
    private static void InsertUntracked(SqliteStatements statements, IModel model, StagedRows staged, int rank)
    {
        var type = rank < Rank.Length ? Rank[rank] : null;
        if (type == typeof(ProductChangeRecord))
        {
            var change = Type(model, type);
            foreach (var c in staged.Changes)
            {
                statements.Insert(change, c, null);
            }

            return;
        }

        if (type != typeof(Product) && type != typeof(Variant) && type != typeof(VariantPrice) && type != typeof(ExternalId))
        {
            return;
        }

        var entity = Type(model, type);
        foreach (var p in staged.NewProducts)
        {
            if (type == typeof(Product))
            {
                statements.Insert(entity, p, null);
            }
            else if (type == typeof(ExternalId))
            {
                foreach (var e in p.ExternalIds)
                {
                    statements.Insert(entity, e, null);
                }
            }
            else
            {
                foreach (var v in p.Variants)
                {
                    if (type == typeof(Variant))
                    {
                        statements.Insert(entity, v, null);
                        continue;
                    }

                    foreach (var listPrice in v.ListPrices)
                    {
                        // The owned price's key column is its variant's SKU (a shadow property).
                        statements.Insert(entity, listPrice, v.Sku);
                    }
                }
            }
        }
    }

    private static IEntityType Type(IModel model, Type type) =>
        model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");

    private static int RankOf(Type type)
    {
        var rank = Array.IndexOf(Rank, type);
        return rank < 0 ? Rank.Length : rank;
    }
}
