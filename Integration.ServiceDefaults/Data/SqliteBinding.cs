using System.Globalization;
using System.Text;
using SQLitePCL;

namespace Integration.ServiceDefaults.Data;

/// <summary>
/// Binds text, decimal and DateTime values into a prepared SQLite statement by position, stored exactly as
/// Microsoft.Data.Sqlite stores them (decimal as text "0.0###…", DateTime as text "yyyy-MM-dd HH:mm:ss.FFFFFFF", DateOnly as "yyyy-MM-dd", text
/// as UTF-8 with its length), for writers that bind straight into the statement instead of through ADO.NET's
/// by-name parameters (Order's group commit, Catalog's import, the Ledger's bulk posting). One instance per statement user: it reuses one buffer.
/// Each method returns SQLite's result code.
/// </summary>
public sealed class SqliteBinding
{
    // Microsoft.Data.Sqlite's own formats (SqliteValueBinder).
    private const string DecimalFormat = "0.0###########################";
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DateOnlyFormat = @"yyyy\-MM\-dd";

    private static readonly byte[] Terminator = [0];

    private byte[] _buffer = new byte[256];

    public int Bind(sqlite3_stmt statement, int position, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return Utf8(statement, position, Encoding.UTF8.GetBytes(value, _buffer));
    }

    public int Bind(sqlite3_stmt statement, int position, decimal value) => Formatted(statement, position, value, DecimalFormat);

    public int Bind(sqlite3_stmt statement, int position, DateTime value) => Formatted(statement, position, value, DateTimeFormat);

    public int Bind(sqlite3_stmt statement, int position, DateOnly value) => Formatted(statement, position, value, DateOnlyFormat);

    private int Formatted<T>(sqlite3_stmt statement, int position, T value, string format)
        where T : IUtf8SpanFormattable
    {
        // 29 digits, sign, point and a leading zero, or a date and time, fit the 256-byte buffer.
        if (!value.TryFormat(_buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"could not format {value}");
        }

        return Utf8(statement, position, written);
    }

    /// <summary>
    /// With its length, as Microsoft.Data.Sqlite binds text (a NUL inside is kept; SQLite copies it). An empty span
    /// would bind NULL (no pointer), so the empty string is bound as a lone terminator: ''.
    /// </summary>
    private int Utf8(sqlite3_stmt statement, int position, int length) =>
        length == 0
            ? raw.sqlite3_bind_text(statement, position, utf8z.FromSpan(Terminator))
            : raw.sqlite3_bind_text(statement, position, _buffer.AsSpan(0, length));
}
