using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Integration.Ledger.Postings.Sqlite;

/// <summary>
/// One prepared SQLite statement on the connection's own handle (so inside its current transaction), its values bound
/// by position in the order they are added, as the Order service's group commit binds them. Microsoft.Data.Sqlite looks
/// every parameter up by name on every execution (a UTF-8 copy of the name and a linear search per value) and allocates
/// a binder and the value's text per value; this binds straight into the statement. Values are stored as
/// Microsoft.Data.Sqlite stores them (integers as INTEGER, text, DateTime through <see cref="SqliteBinding"/>, DateOnly
/// as its "yyyy-MM-dd" text): SqlitePostingWriterTests compare the stored values with rows EF wrote.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _parameters;
    private readonly SqliteBinding _values = new();
    private int _next = 1;

    public SqliteRowStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _parameters = raw.sqlite3_bind_parameter_count(_statement);
    }

    public SqliteRowStatement Add(string value) => Bind(_values.Bind(_statement, _next, value));

    public SqliteRowStatement Add(long value) => Bind(raw.sqlite3_bind_int64(_statement, _next, value));

    public SqliteRowStatement Add(DateTime value) => Bind(_values.Bind(_statement, _next, value));

    // Microsoft.Data.Sqlite binds a DateOnly as this text (SqliteValueBinder).
    public SqliteRowStatement Add(DateOnly value) => Add(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Runs the statement with the values added since the last run; returns the rows it changed.</summary>
    public int Run()
    {
        if (_next - 1 != _parameters)
        {
            throw new InvalidOperationException($"{_next - 1} values bound for {_parameters} parameters");
        }

        _next = 1;
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                // Before the reset, while the connection still holds this error's message.
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Keeps the bindings (the next row replaces each) and makes the statement reusable whatever the outcome.
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private SqliteRowStatement Bind(int rc)
    {
        Check(rc);
        _next++;
        return this;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
