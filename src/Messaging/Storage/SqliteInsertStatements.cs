using System.Runtime.CompilerServices;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Integration.Messaging.Storage;

/// <summary>
/// <see cref="BatchInsert"/>'s one-row INSERTs on SQLite, prepared once per physical connection and kept with it, their
/// values bound by position (<see cref="SqliteRowStatement"/>). A new ADO.NET command per call parsed and planned the
/// statement again on every commit (the outbox row of every one-event SaveChanges: 13 columns) and bound each value by
/// name. Microsoft.Data.Sqlite pools the native connection, so the statement is reused by every unit of work that gets
/// it; a statement is reset after each row and holds no lock between runs. It goes with its connection: when the pool
/// closes the handle, the statement is finalized once nothing references the handle any more.
/// </summary>
internal static class SqliteInsertStatements
{
    private static readonly ConditionalWeakTable<sqlite3, Dictionary<string, SqliteRowStatement>> Prepared = [];

    /// <summary>The stored types bound here exactly as Microsoft.Data.Sqlite binds them (anything else keeps ADO.NET's path).</summary>
    public static bool Binds(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(string) || t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(bool)
            || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(decimal) || t == typeof(double));

    /// <summary>Runs <paramref name="sql"/> (one row's INSERT) once per row, on the connection's handle, so in its current transaction.</summary>
    public static void Insert<T>(SqliteConnection connection, string sql, IReadOnlyList<BatchInsert.Column> columns, IReadOnlyCollection<T> rows)
        where T : class
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        // One user at a time per connection (ADO.NET connections are not shared between threads), so no lock.
        var statements = Prepared.GetValue(handle, _ => new Dictionary<string, SqliteRowStatement>(StringComparer.Ordinal));
        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteRowStatement(connection, sql);
            statements.Add(sql, statement);
        }

        foreach (var row in rows)
        {
            try
            {
                foreach (var column in columns)
                {
                    Add(statement, column.StoreValue(row));
                }
            }
            catch
            {
                // A row left half bound would fail every later use of the kept statement: the next call prepares a new one.
                statements.Remove(sql);
                statement.Dispose();
                throw;
            }

            statement.Run();
        }
    }

    private static void Add(SqliteRowStatement statement, object? value)
    {
        switch (value)
        {
            case null:
                statement.Null();
                break;
            case string text:
                statement.Add(text);
                break;
            case long number:
                statement.Add(number);
                break;
            case int number:
                statement.Add(number);
                break;
            case short number:
                statement.Add(number);
                break;
            case bool flag:
                statement.Add(flag);
                break;
            case DateTime time:
                statement.Add(time);
                break;
            case DateOnly date:
                statement.Add(date);
                break;
            case decimal amount:
                statement.Add(amount);
                break;
            case double real:
                statement.Add(real);
                break;
            default:
                throw new InvalidOperationException($"BatchInsert cannot bind a {value.GetType().Name} by position");
        }
    }
}
