using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// One prepared SQLite statement on the connection's own handle (so inside its current transaction), its values bound
/// by position in the order they are added. Microsoft.Data.Sqlite looks every parameter up by name on every execution
/// (a UTF-8 copy of the name and a linear search per value) and allocates a binder and the value's text per value; this
/// binds straight into the statement. Values are converted exactly as Microsoft.Data.Sqlite converts them (bool and
/// integers as INTEGER, null as NULL, double as REAL, text, decimal, DateTime and DateOnly through <see cref="SqliteBinding"/>):
/// Order's SqliteOrderWriterTests, Catalog's SqliteStatementsTests and the Ledger's SqlitePostingWriterTests hold their
/// writers to the values EF stores.
/// </summary>
public sealed class SqliteRowStatement : IDisposable
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

    public SqliteRowStatement Add(string? value) => value is null ? Null() : Bind(_values.Bind(_statement, _next, value));

    public SqliteRowStatement Add(long value) => Bind(raw.sqlite3_bind_int64(_statement, _next, value));

    public SqliteRowStatement Add(bool value) => Add(value ? 1L : 0L);

    public SqliteRowStatement Add(decimal value) => Bind(_values.Bind(_statement, _next, value));

    public SqliteRowStatement Add(decimal? value) => value is { } v ? Add(v) : Null();

    public SqliteRowStatement Add(DateTime value) => Bind(_values.Bind(_statement, _next, value));

    public SqliteRowStatement Add(DateTime? value) => value is { } v ? Add(v) : Null();

    public SqliteRowStatement Add(DateOnly value) => Bind(_values.Bind(_statement, _next, value));

    public SqliteRowStatement Add(double value) => Bind(raw.sqlite3_bind_double(_statement, _next, value));

    public SqliteRowStatement Null() => Bind(raw.sqlite3_bind_null(_statement, _next));

    /// <summary>Runs the statement with the values added since the last run; returns the rows it changed.</summary>
    public int Run()
    {
        Start();
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc == raw.SQLITE_ROW)
            {
                throw new InvalidOperationException("the statement returned a row; only statements without results run here");
            }

            if (rc != raw.SQLITE_DONE)
            {
                // Before the reset, while the connection still holds this error's message.
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Keeps the bindings (the next row replaces each) and makes the statement reusable whatever the outcome.
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query with the values added since the last run; <paramref name="row"/> reads each row it returns.</summary>
    public void Query(Action<SqliteRowStatement> row)
    {
        Start();
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                row(this);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Whether the query with the values added since the last run returns a row.</summary>
    public bool Any()
    {
        Start();
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return rc == raw.SQLITE_ROW;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Column <paramref name="index"/> of the current row as text (as Microsoft.Data.Sqlite's GetString reads it).</summary>
    public string Column(int index) => raw.sqlite3_column_text(_statement, index).utf8_to_string();

    /// <summary>Runs an INSERT and returns the rowid it gave the row (the table's INTEGER PRIMARY KEY).</summary>
    public long RunInsert()
    {
        Run();
        return raw.sqlite3_last_insert_rowid(_db);
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Checks every parameter has its value and starts the next row's binding at the first position.</summary>
    private void Start()
    {
        // Reset first: after a short or long row the statement still takes the next row from the first position.
        var bound = _next - 1;
        _next = 1;
        if (bound != _parameters)
        {
            throw new InvalidOperationException($"{bound} values bound for {_parameters} parameters");
        }
    }

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
