using System.Data.Common;
using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Products;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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
    public const string Provider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>Insertion order, parents first (SQLite enforces the foreign keys); deletes run the other way.</summary>
    private static readonly Type[] Rank =
        [typeof(Product), typeof(Variant), typeof(VariantPrice), typeof(ExternalId), typeof(ProductChangeRecord), typeof(OwnershipConflict), typeof(OutboxMessage)];

    /// <summary>
    /// Whether this writer can save what is tracked: SQLite, and no added row waiting for a generated key (a recorded
    /// ownership conflict; rare in an import), which SaveChanges reads back for us.
    /// </summary>
    public static bool CanSave(DbContext db) =>
        db.Database.ProviderName == Provider
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
        // Tracked additions (new variants of stored products) and the collected, untracked rows, parents first.
        var inserts = entries.Where(e => e.Entry.State == EntityState.Added)
            .Select(e => (e.Rank, Type: e.Entry.Metadata, Value: (Func<IProperty, object?>)(p => e.Entry.Property(p.Name).CurrentValue)))
            .Concat(Untracked(db.Model, staged))
            .OrderBy(i => i.Rank)
            .ToList();
        var outbox = Type(db.Model, typeof(OutboxMessage));
        var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var writer = new Writer(db.Database.GetDbConnection(), transaction.GetDbTransaction(), commands);
            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Deleted).OrderByDescending(e => e.Rank).ThenBy(e => e.Order))
            {
                await writer.DeleteAsync(entry, ct);
            }

            foreach (var (_, type, value) in inserts)
            {
                await writer.InsertAsync(type, value, ct);
            }

            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Modified).OrderBy(e => e.Rank).ThenBy(e => e.Order))
            {
                await writer.UpdateAsync(entry, ct);
            }

            // Last and in order: the outbox id orders each product's events.
            foreach (var evt in staged.Events)
            {
                await writer.InsertAsync(outbox, Of(evt), ct);
            }

            // The messaging commit interceptor wakes the outbox dispatcher on this commit.
            await transaction.CommitAsync(ct);
        }
        catch (DbException ex)
        {
            // As SaveChanges reports it, so the importer replays the batch row by row.
            throw new DbUpdateException($"the import batch could not be written: {ex.Message}", ex);
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>New products as the batch left them (with variants, prices, channel ids) and the audit records, in order.</summary>
    private static IEnumerable<(int Rank, IEntityType Type, Func<IProperty, object?> Value)> Untracked(IModel model, StagedRows staged)
    {
        var (product, variant, price, external, change) = (Type(model, typeof(Product)), Type(model, typeof(Variant)),
            Type(model, typeof(VariantPrice)), Type(model, typeof(ExternalId)), Type(model, typeof(ProductChangeRecord)));
        foreach (var p in staged.NewProducts)
        {
            yield return (RankOf(typeof(Product)), product, Of(p));
            foreach (var v in p.Variants)
            {
                yield return (RankOf(typeof(Variant)), variant, Of(v));
                foreach (var listPrice in v.ListPrices)
                {
                    // The owned price's key column is its variant's SKU (a shadow property).
                    yield return (RankOf(typeof(VariantPrice)), price, Of(listPrice, v.Sku));
                }
            }

            foreach (var e in p.ExternalIds)
            {
                yield return (RankOf(typeof(ExternalId)), external, Of(e));
            }
        }

        foreach (var c in staged.Changes)
        {
            yield return (RankOf(typeof(ProductChangeRecord)), change, Of(c));
        }
    }

    private static Func<IProperty, object?> Of(object entity, string? ownerSku = null) =>
        p => p.PropertyInfo is { } info ? info.GetValue(entity)
            : ownerSku is not null && p.IsForeignKey() ? ownerSku
            : throw new InvalidOperationException($"no value for {p.DeclaringType.DisplayName()}.{p.Name}");

    private static IEntityType Type(IModel model, Type type) =>
        model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");

    private static int RankOf(Type type)
    {
        var rank = Array.IndexOf(Rank, type);
        return rank < 0 ? Rank.Length : rank;
    }

    private sealed class Writer(DbConnection connection, DbTransaction transaction, Dictionary<string, DbCommand> commands)
    {
        public async Task InsertAsync(IEntityType type, Func<IProperty, object?> value, CancellationToken ct)
        {
            var table = Table(type);
            // A key the database generates (the outbox id) is left to it.
            var columns = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey()).ToList();
            var names = columns.Select(p => Quote(p.GetColumnName(table)!)).ToList();
            var command = Command($"INSERT INTO {Quote(table.Name)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})");
            Bind(command, columns.Select(p => (p, value(p))).ToList());
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task UpdateAsync(EntityEntry entry, CancellationToken ct)
        {
            var type = entry.Metadata;
            var table = Table(type);
            var set = type.GetProperties().Where(p => !p.IsPrimaryKey() && entry.Property(p.Name).IsModified).ToList();
            var where = Where(type);
            var sql = $"UPDATE {Quote(table.Name)} SET {string.Join(", ", set.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{i}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{set.Count + i}"))}";
            var command = Command(sql);
            Bind(command, [.. set.Select(p => (p, entry.Property(p.Name).CurrentValue)), .. where.Select(p => (p, entry.Property(p.Name).OriginalValue))]);
            Expect(entry, await command.ExecuteNonQueryAsync(ct));
        }

        public async Task DeleteAsync(EntityEntry entry, CancellationToken ct)
        {
            var type = entry.Metadata;
            var table = Table(type);
            var where = Where(type);
            var command = Command($"DELETE FROM {Quote(table.Name)} WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{i}"))}");
            Bind(command, where.Select(p => (p, entry.Property(p.Name).OriginalValue)).ToList());
            Expect(entry, await command.ExecuteNonQueryAsync(ct));
        }

        /// <summary>The key and the concurrency tokens (the product's version) as they were read.</summary>
        private static List<IProperty> Where(IEntityType type) =>
            [.. type.FindPrimaryKey()!.Properties, .. type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())];

        private static void Expect(EntityEntry entry, int affected)
        {
            if (affected != 1)
            {
                throw new DbUpdateConcurrencyException($"{entry.Metadata.DisplayName()} changed or disappeared since it was read ({affected} rows matched)");
            }
        }

        private static StoreObjectIdentifier Table(IEntityType type) =>
            StoreObjectIdentifier.Table(type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table"), type.GetSchema());

        private static string Quote(string name) => $"\"{name}\"";

        private DbCommand Command(string sql)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                commands[sql] = command;
            }

            return command;
        }

        /// <summary>
        /// Values converted by each property's own type mapping (EF's value conversions and provider types). The
        /// command's first parameters are kept and only their values replaced, so SQLite binds them by index.
        /// </summary>
        private static void Bind(DbCommand command, List<(IProperty Property, object? Value)> values)
        {
            var fresh = command.Parameters.Count == 0;
            for (var i = 0; i < values.Count; i++)
            {
                var (property, value) = values[i];
                var parameter = property.GetRelationalTypeMapping().CreateParameter(command, "@p" + i, value, property.IsNullable);
                if (fresh)
                {
                    command.Parameters.Add(parameter);
                }
                else
                {
                    command.Parameters[i].Value = parameter.Value;
                }
            }
        }
    }
}
