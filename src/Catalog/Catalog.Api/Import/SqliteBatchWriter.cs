using System.Data.Common;
using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
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
    /// values) and on <paramref name="restaged"/>, new products a later row of the batch changed again. Other added
    /// graphs need no detection: they were complete before they were tracked (see <see cref="Products.ProductWriter.Stage"/>);
    /// detecting over thousands of them was a quarter of the import's time. Call with automatic detection off.
    /// </summary>
    public static void DetectChanges(DbContext db, IEnumerable<Product> restaged)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Added).ToList())
        {
            entry.DetectChanges();
        }

        foreach (var product in restaged)
        {
            // The product first: it starts tracking variants added since; then each variant's own prices.
            db.Entry(product).DetectChanges();
            foreach (var variant in product.Variants)
            {
                db.Entry(variant).DetectChanges();
            }
        }
    }

    /// <summary>Writes the tracked changes and <paramref name="events"/> (in their order) in one transaction, then accepts the changes.</summary>
    public static async Task SaveAsync(DbContext db, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select((e, i) => (Entry: e, Rank: RankOf(e.Metadata.ClrType), Order: i))
            .ToList();
        var outbox = db.Model.FindEntityType(typeof(OutboxMessage)) ?? throw new InvalidOperationException("the context has no outbox");
        var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var writer = new Writer(db.Database.GetDbConnection(), transaction.GetDbTransaction(), commands);
            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Deleted).OrderByDescending(e => e.Rank).ThenBy(e => e.Order))
            {
                await writer.DeleteAsync(entry, ct);
            }

            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Added).OrderBy(e => e.Rank).ThenBy(e => e.Order))
            {
                await writer.InsertAsync(entry.Metadata, p => entry.Property(p.Name).CurrentValue, ct);
            }

            foreach (var (entry, _, _) in entries.Where(e => e.Entry.State == EntityState.Modified).OrderBy(e => e.Rank).ThenBy(e => e.Order))
            {
                await writer.UpdateAsync(entry, ct);
            }

            // Last and in order: the outbox id orders each product's events.
            foreach (var evt in events)
            {
                await writer.InsertAsync(outbox, p => p.PropertyInfo!.GetValue(evt), ct);
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
