using System.Collections.Concurrent;
using System.Globalization;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Integration.Catalog.Import;

/// <summary>
/// The batched writer's prepared INSERT / UPDATE / DELETE statements, one per table and column set, each reused for
/// every row of its shape, on the connection's own handle (so inside its current transaction). The statement shapes
/// (SQL, columns, type mappings, getters) come from the EF model and are built once per process: working them out per
/// row (column names, SQL text, a new parameter per value) cost about as much as SQLite's own work. Values are bound by
/// position: through ADO.NET every execution looked each parameter up by name (a UTF-8 copy of the name and a linear
/// search) and allocated a binder and the value's text, a third of the writer's time. Each value is converted by its
/// property's type mapping (EF's value converters), then stored as Microsoft.Data.Sqlite stores it (integers and bool
/// as INTEGER, null as NULL, text, decimal and DateTime through <see cref="SqliteBinding"/>): SqliteStatementsTests hold every column to the value SaveChanges stores.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    private static readonly ConcurrentDictionary<IEntityType, Shape> Inserts = new();
    private static readonly ConcurrentDictionary<IEntityType, Shape> Deletes = new();
    private static readonly ConcurrentDictionary<(IEntityType, ulong), Shape> Updates = new();

    private readonly sqlite3 _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
    private readonly Dictionary<Shape, sqlite3_stmt> _statements = [];
    private readonly SqliteBinding _values = new();

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
            Bind(statement, i, column, value);
        }

        Run(statement);
    }

    /// <summary>Inserts a tracked, added entity.</summary>
    public void Insert(EntityEntry entry)
    {
        var shape = Inserts.GetOrAdd(entry.Metadata, Shape.Insert);
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(statement, i, shape.Columns[i], entry.Property(shape.Columns[i].Property).CurrentValue);
        }

        Run(statement);
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
            Bind(statement, i, shape.Columns[i], i < shape.Set ? property.CurrentValue : property.OriginalValue);
        }

        Run(statement);
        Expect(entry, raw.sqlite3_changes(_db));
    }

    public void Delete(EntityEntry entry)
    {
        var shape = Deletes.GetOrAdd(entry.Metadata, Shape.Delete);
        var statement = Statement(shape);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            Bind(statement, i, shape.Columns[i], entry.Property(shape.Columns[i].Property).OriginalValue);
        }

        Run(statement);
        Expect(entry, raw.sqlite3_changes(_db));
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

    private sqlite3_stmt Statement(Shape shape)
    {
        if (!_statements.TryGetValue(shape, out var statement))
        {
            Check(raw.sqlite3_prepare_v2(_db, shape.Sql, out statement));
            _statements[shape] = statement;
        }

        return statement;
    }

    private void Run(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                // Before the reset, while the connection still holds this error's message (a constraint, a busy database).
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _db);
            }
        }
        finally
        {
            // Keeps the bindings (the next row replaces each) and makes the statement reusable whatever the outcome.
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>The value as its property's type mapping converts it, stored as Microsoft.Data.Sqlite stores that type.</summary>
    private void Bind(sqlite3_stmt statement, int index, Column column, object? value)
    {
        if (value is not null && column.Mapping.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        var position = index + 1;
        Check(value switch
        {
            null => raw.sqlite3_bind_null(statement, position),
            string text => _values.Bind(statement, position, text),
            long number => raw.sqlite3_bind_int64(statement, position, number),
            int number => raw.sqlite3_bind_int64(statement, position, number),
            bool flag => raw.sqlite3_bind_int64(statement, position, flag ? 1 : 0),
            decimal amount => _values.Bind(statement, position, amount),
            DateTime time => _values.Bind(statement, position, time),
            double real => raw.sqlite3_bind_double(statement, position, real),
            _ => throw new NotSupportedException($"{column.Property.DeclaringType.DisplayName()}.{column.Property.Name}: no binding for {value.GetType().Name}"),
        });
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
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
