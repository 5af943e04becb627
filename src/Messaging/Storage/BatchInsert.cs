using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Messaging.Storage;

/// <summary>
/// Inserts many new rows of one entity type through the context's own connection and current transaction, with the
/// table, columns, quoting and parameter types taken from the EF model. EF Core's SQLite provider sends one statement
/// per added entity and tracks each (measured ~20 µs a row); this costs a few µs. The rows are not tracked: nothing
/// reads them back through the change tracker. An integer key the store generates (identity, autoincrement) is left
/// out, so its values come from the database in insertion order; every other property is written as it is.
/// </summary>
public static class BatchInsert
{
    // SQL Server: at most 1,000 rows per VALUES list and 2,100 parameters per statement.
    private const int MaxRows = 1000;
    private const int MaxParameters = 2000;

    /// <summary>Inserts <paramref name="rows"/> in the context's current transaction (required: the rows commit with the caller's other changes).</summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BatchInsert writes inside the caller's transaction; begin one first");
        if (typeof(T) == typeof(Outbox.OutboxMessage))
        {
            // Their commit wakes the dispatcher (Outbox.OutboxCommitInterceptor).
            Outbox.OutboxWrites.Mark(db);
        }

        var shape = Shape.Of(db, typeof(T));
        if (shape.Positional && transaction.Connection is SqliteConnection sqlite)
        {
            SqliteInsertStatements.Insert(sqlite, shape.OneRow, shape.Columns, rows);
            return;
        }

        // SQLite runs in-process: a prepared one-row statement re-executed costs no round trip, and binding a long
        // VALUES list by parameter name is quadratic there. Servers get few statements instead.
        var perStatement = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite"
            ? 1
            : Math.Max(1, Math.Min(MaxRows, MaxParameters / shape.Columns.Count));
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var chunk = new List<T>(Math.Min(perStatement, rows.Count));
        foreach (var row in rows)
        {
            chunk.Add(row);
            if (chunk.Count == perStatement)
            {
                await ExecuteAsync(command, shape, chunk, ct);
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            await ExecuteAsync(command, shape, chunk, ct);
        }
    }

    private static async Task ExecuteAsync<T>(DbCommand command, Shape shape, List<T> chunk, CancellationToken ct)
        where T : class
    {
        if (command.Parameters.Count != chunk.Count * shape.Columns.Count)
        {
            // A new statement shape (the first chunk, or a shorter last one): new text and parameters; the same shape
            // again only takes new values, so SQLite reuses its prepared statement.
            command.Parameters.Clear();
            command.CommandText = shape.Sql(chunk.Count);
            for (var r = 0; r < chunk.Count; r++)
            {
                for (var c = 0; c < shape.Columns.Count; c++)
                {
                    var column = shape.Columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, $"@p{(r * shape.Columns.Count) + c}", column.Read(chunk[r]), column.Nullable));
                }
            }
        }
        else
        {
            for (var r = 0; r < chunk.Count; r++)
            {
                for (var c = 0; c < shape.Columns.Count; c++)
                {
                    var column = shape.Columns[c];
                    var value = column.Read(chunk[r]);
                    command.Parameters[(r * shape.Columns.Count) + c].Value = column.Mapping.Converter is { } converter && value is not null
                        ? converter.ConvertToProvider(value) ?? DBNull.Value
                        : value ?? DBNull.Value;
                }
            }
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    internal sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read)
    {
        /// <summary>The value as the store takes it (after the property's value converter, if any).</summary>
        public object? StoreValue(object row)
        {
            var value = Read(row);
            return value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }

    private sealed class Shape(string table, IReadOnlyList<Column> columns)
    {
        /// <summary>Every column's stored type is one <see cref="SqliteInsertStatements"/> binds by position as Microsoft.Data.Sqlite would.</summary>
        public bool Positional { get; } = columns.All(c => SqliteInsertStatements.Binds(c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType));

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type), Shape> Cache = new();

        public IReadOnlyList<Column> Columns => columns;

        /// <summary>The one-row statement (SQLite's), built once.</summary>
        public string OneRow => field ??= Sql(1);

        public static Shape Of(DbContext db, Type type) => Cache.GetOrAdd((db.Model, type), key =>
        {
            var entity = key.Item1.FindEntityType(key.Item2) ?? throw new InvalidOperationException($"{key.Item2.Name} is not in the model");
            var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{key.Item2.Name} is not mapped to a table");
            var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var cols = entity.GetProperties()
                .Where(p => !p.IsShadowProperty() && !IsStoreGenerated(p) && p.GetColumnName(store) is not null)
                .Select(p =>
                {
                    var getter = p.GetGetter();
                    return new Column(sql.DelimitIdentifier(p.GetColumnName(store)!), p.GetRelationalTypeMapping(), p.IsNullable, getter.GetClrValue);
                })
                .ToList();
            if (entity.GetProperties().Any(p => p.IsShadowProperty() && !p.IsKey()))
            {
                throw new InvalidOperationException($"{key.Item2.Name} has shadow properties; BatchInsert writes CLR properties only");
            }

            return new Shape(sql.DelimitIdentifier(tableName, entity.GetSchema()), cols);
        });

        private static bool IsStoreGenerated(IProperty property) =>
            property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey()
            && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

        public string Sql(int rows)
        {
            var text = new StringBuilder("INSERT INTO ").Append(table).Append(" (")
                .AppendJoin(", ", columns.Select(c => c.Name)).Append(") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    text.Append(c == 0 ? "@p" : ", @p").Append((r * columns.Count) + c);
                }

                text.Append(')');
            }

            return text.ToString();
        }
    }
}
