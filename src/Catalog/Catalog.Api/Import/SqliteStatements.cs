using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Catalog.Import;

/// <summary>
/// The batched writer's prepared INSERT / UPDATE / DELETE statements, one per table and column set, each reused for
/// every row of its shape in one transaction. The statement shapes (SQL, columns, type mappings, getters) come from the
/// EF model and are built once per process: working them out per row (column names, SQL text, a new parameter per
/// value) cost about as much as SQLite's own work.
/// </summary>
internal sealed class SqliteStatements(DbConnection connection) : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<IEntityType, Shape> Inserts = new();
    private static readonly ConcurrentDictionary<IEntityType, Shape> Deletes = new();
    private static readonly ConcurrentDictionary<(IEntityType, ulong), Shape> Updates = new();

    private readonly Dictionary<Shape, DbCommand> _commands = [];

    public DbTransaction? Transaction { get; set; }

    /// <summary>Inserts an untracked <paramref name="entity"/>; <paramref name="ownerSku"/> fills an owned row's shadow foreign key.</summary>
    public async Task InsertAsync(IEntityType type, object entity, string? ownerSku, CancellationToken ct)
    {
        var shape = Inserts.GetOrAdd(type, Shape.Insert);
        var command = Command(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var column = shape.Columns[i];
            var value = column.Getter is { } getter ? getter.GetClrValue(entity)
                : ownerSku is not null && column.Property.IsForeignKey() ? ownerSku
                : throw new InvalidOperationException($"no value for {type.DisplayName()}.{column.Property.Name}");
            Bind(command, i, column, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Inserts a tracked, added entity.</summary>
    public async Task InsertAsync(EntityEntry entry, CancellationToken ct)
    {
        var shape = Inserts.GetOrAdd(entry.Metadata, Shape.Insert);
        var command = Command(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(command, i, shape.Columns[i], entry.Property(shape.Columns[i].Property).CurrentValue);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task UpdateAsync(EntityEntry entry, CancellationToken ct)
    {
        var type = entry.Metadata;
        var modified = 0UL;
        foreach (var property in type.GetProperties())
        {
            if (!property.IsPrimaryKey() && entry.Property(property).IsModified)
            {
                modified |= 1UL << property.GetIndex();
            }
        }

        var shape = Updates.GetOrAdd((type, modified), key => Shape.Update(key.Item1, key.Item2));
        var command = Command(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var property = entry.Property(shape.Columns[i].Property);
            Bind(command, i, shape.Columns[i], i < shape.Set ? property.CurrentValue : property.OriginalValue);
        }

        Expect(entry, await command.ExecuteNonQueryAsync(ct));
    }

    public async Task DeleteAsync(EntityEntry entry, CancellationToken ct)
    {
        var shape = Deletes.GetOrAdd(entry.Metadata, Shape.Delete);
        var command = Command(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(command, i, shape.Columns[i], entry.Property(shape.Columns[i].Property).OriginalValue);
        }

        Expect(entry, await command.ExecuteNonQueryAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
    }

    private static void Expect(EntityEntry entry, int affected)
    {
        if (affected != 1)
        {
            throw new DbUpdateConcurrencyException($"{entry.Metadata.DisplayName()} changed or disappeared since it was read ({affected} rows matched)");
        }
    }

    private DbCommand Command(Shape shape)
    {
        if (!_commands.TryGetValue(shape, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = shape.Sql;
            _commands[shape] = command;
        }

        return command;
    }

    /// <summary>
    /// A value converted by its property's own type mapping (EF's value conversions and provider types). The first row
    /// creates the parameter as EF would; later rows only replace its value, so SQLite reuses its prepared statement.
    /// </summary>
    private static void Bind(DbCommand command, int index, Column column, object? value)
    {
        if (command.Parameters.Count == index)
        {
            command.Parameters.Add(column.Mapping.CreateParameter(command, "@p" + index, value, column.Property.IsNullable));
            return;
        }

        command.Parameters[index].Value = column.Mapping.Converter is { } converter && value is not null
            ? converter.ConvertToProvider(value) ?? DBNull.Value
            : value ?? DBNull.Value;
    }

    /// <summary>One column: its property, type mapping, and the getter of an untracked entity's value (none for a shadow property).</summary>
    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter? Getter);

    /// <summary>A statement's SQL and its parameters' columns, in order; for an UPDATE the first <see cref="Set"/> are the SET list, the rest the WHERE.</summary>
    private sealed class Shape(string sql, Column[] columns, int set)
    {
        public string Sql => sql;

        public Column[] Columns => columns;

        public int Set => set;

        public static Shape Insert(IEntityType type)
        {
            var table = Table(type);
            // A key the database generates (the outbox id) is left to it.
            var columns = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey()).ToList();
            var names = columns.Select(p => Quote(p.GetColumnName(table)!)).ToList();
            return new Shape(
                $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})",
                [.. columns.Select(ColumnOf)], columns.Count);
        }

        public static Shape Update(IEntityType type, ulong modified)
        {
            var table = Table(type);
            var set = type.GetProperties().Where(p => (modified & (1UL << p.GetIndex())) != 0).ToList();
            var where = Where(type);
            var sql = $"UPDATE {Quote(table.Name)} SET {string.Join(", ", set.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{i}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{set.Count + i}"))}";
            return new Shape(sql, [.. set.Concat(where).Select(ColumnOf)], set.Count);
        }

        public static Shape Delete(IEntityType type)
        {
            var table = Table(type);
            var where = Where(type);
            return new Shape(
                $"DELETE FROM {Quote(table.Name)} WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = @p{i}"))}",
                [.. where.Select(ColumnOf)], 0);
        }

        private static Column ColumnOf(IProperty property) =>
            new(property, property.GetRelationalTypeMapping(), property.IsShadowProperty() ? null : property.GetGetter());

        /// <summary>The key and the concurrency tokens (the product's version) as they were read.</summary>
        private static List<IProperty> Where(IEntityType type) =>
            [.. type.FindPrimaryKey()!.Properties, .. type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())];

        private static StoreObjectIdentifier Table(IEntityType type) =>
            StoreObjectIdentifier.Table(type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table"), type.GetSchema());

        private static string Quote(string name) => $"\"{name}\"";
    }
}
