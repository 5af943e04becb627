using System.Collections.Concurrent;
using System.Globalization;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Catalog.Import;

/// <summary>
/// The batched writer's prepared INSERT / UPDATE / DELETE statements, one per table and column set, each reused for
/// every row of its shape, on the connection's own handle (so inside its current transaction). The statement shapes
/// (SQL, columns, type mappings, getters) come from the EF model and are built once per process: working them out per
/// row (column names, SQL text, a new parameter per value) cost about as much as SQLite's own work. Values are bound by
/// position (<see cref="SqliteRowStatement"/>): through ADO.NET every execution looked each parameter up by name (a
/// UTF-8 copy of the name and a linear search) and allocated a binder and the value's text, a third of the writer's
/// time. Each value is converted by its property's type mapping (EF's value converters), then stored as
/// Microsoft.Data.Sqlite stores it: SqliteStatementsTests hold every column to the value SaveChanges stores.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    private static readonly ConcurrentDictionary<IEntityType, Shape> Inserts = new();
    private static readonly ConcurrentDictionary<IEntityType, Shape> Deletes = new();
    private static readonly ConcurrentDictionary<(IEntityType, ulong), Shape> Updates = new();

    private readonly Dictionary<Shape, SqliteRowStatement> _statements = [];

    /// <summary>Inserts an untracked <paramref name="entity"/>; <paramref name="ownerSku"/> fills an owned row's shadow foreign key.</summary>
    public void Insert(IEntityType type, object entity, string? ownerSku)
    {
        var shape = Inserts.GetOrAdd(type, Shape.Insert);
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var column = shape.Columns[i];
            var value = column.Getter is { } getter ? getter.GetClrValue(entity)
                : ownerSku is not null && column.Property.IsForeignKey() ? ownerSku
                : throw new InvalidOperationException($"no value for {type.DisplayName()}.{column.Property.Name}");
            Bind(statement, column, value);
        }

        statement.Run();
    }

    /// <summary>Inserts a tracked, added entity.</summary>
    public void Insert(EntityEntry entry)
    {
        var shape = Inserts.GetOrAdd(entry.Metadata, Shape.Insert);
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(statement, shape.Columns[i], entry.Property(shape.Columns[i].Property).CurrentValue);
        }

        statement.Run();
    }

    public void Update(EntityEntry entry)
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
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var property = entry.Property(shape.Columns[i].Property);
            Bind(statement, shape.Columns[i], i < shape.Set ? property.CurrentValue : property.OriginalValue);
        }

        Expect(entry, statement.Run());
    }

    public void Delete(EntityEntry entry)
    {
        var shape = Deletes.GetOrAdd(entry.Metadata, Shape.Delete);
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(statement, shape.Columns[i], entry.Property(shape.Columns[i].Property).OriginalValue);
        }

        Expect(entry, statement.Run());
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }

    private static void Expect(EntityEntry entry, int affected)
    {
        if (affected != 1)
        {
            throw new DbUpdateConcurrencyException($"{entry.Metadata.DisplayName()} changed or disappeared since it was read ({affected} rows matched)");
        }
    }

    private SqliteRowStatement Statement(Shape shape)
    {
        if (!_statements.TryGetValue(shape, out var statement))
        {
            statement = new SqliteRowStatement(connection, shape.Sql);
            _statements[shape] = statement;
        }

        return statement;
    }

    /// <summary>The value as its property's type mapping converts it, stored as Microsoft.Data.Sqlite stores that type.</summary>
    private static void Bind(SqliteRowStatement statement, Column column, object? value)
    {
        if (value is not null && column.Mapping.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        _ = value switch
        {
            null => statement.Null(),
            string text => statement.Add(text),
            long number => statement.Add(number),
            int number => statement.Add((long)number),
            bool flag => statement.Add(flag),
            decimal amount => statement.Add(amount),
            DateTime time => statement.Add(time),
            double real => statement.Add(real),
            _ => throw new NotSupportedException($"{column.Property.DeclaringType.DisplayName()}.{column.Property.Name}: no binding for {value.GetType().Name}"),
        };
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
                $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => Parameter(i)))})",
                [.. columns.Select(ColumnOf)], columns.Count);
        }

        public static Shape Update(IEntityType type, ulong modified)
        {
            var table = Table(type);
            var set = type.GetProperties().Where(p => (modified & (1UL << p.GetIndex())) != 0).ToList();
            var where = Where(type);
            var sql = $"UPDATE {Quote(table.Name)} SET {string.Join(", ", set.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = {Parameter(i)}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = {Parameter(set.Count + i)}"))}";
            return new Shape(sql, [.. set.Concat(where).Select(ColumnOf)], set.Count);
        }

        public static Shape Delete(IEntityType type)
        {
            var table = Table(type);
            var where = Where(type);
            return new Shape(
                $"DELETE FROM {Quote(table.Name)} WHERE {string.Join(" AND ", where.Select((p, i) => $"{Quote(p.GetColumnName(table)!)} = {Parameter(i)}"))}",
                [.. where.Select(ColumnOf)], 0);
        }

        /// <summary>Numbered, so the value of column <paramref name="index"/> is bound at position index + 1.</summary>
        private static string Parameter(int index) => "?" + (index + 1).ToString(CultureInfo.InvariantCulture);

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
