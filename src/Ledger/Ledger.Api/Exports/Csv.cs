using System.Text;

namespace Integration.Ledger.Exports;

/// <summary>RFC 4180 CSV: comma separated, CRLF line ends, fields quoted only when they must be.</summary>
internal static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static void AppendRow(StringBuilder csv, params ReadOnlySpan<string> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            AppendField(csv, fields[i]);
        }

        csv.Append("\r\n");
    }

    private static void AppendField(StringBuilder csv, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            csv.Append(field);
            return;
        }

        csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
