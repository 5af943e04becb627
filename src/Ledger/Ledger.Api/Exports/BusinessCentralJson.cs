using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Journal;

namespace Integration.Ledger.Exports;

/// <summary>
/// Business Central API v2.0 bodies: the journal to create (POST companies({id})/journals) and its
/// lines (POST journals({id})/journalLines), fields as in Microsoft's create examples. The ids
/// (id, journalId, accountId) are left out: Business Central assigns them, and resolves the
/// account from accountNumber.
/// </summary>
internal static class BusinessCentralJson
{
    // Business Central numbers journal lines in steps of 10000 (the documented example's first line).
    private const int LineStep = 10000;

    // Field sizes of the journalLine table: longer text would be refused.
    private const int MaxDescription = 100;
    private const int MaxComment = 250;

    public static byte[] Write(string batchId, IReadOnlyList<JournalEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("journal");
            json.WriteString("code", JournalCode(batchId));
            json.WriteString("displayName", Cut($"Integration export {batchId}", MaxDescription));
            json.WriteEndObject();
            json.WriteStartArray("journalLines");
            var lineNumber = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                foreach (var line in entry.Lines.OrderBy(l => l.LineNo))
                {
                    lineNumber += LineStep;
                    var amount = MinorUnits.FromMinor(line.AmountMinor, line.Currency);
                    json.WriteStartObject();
                    json.WriteNumber("lineNumber", lineNumber);
                    json.WriteString("accountType", "G/L Account");
                    json.WriteString("accountNumber", line.AccountNumber);
                    json.WriteString("postingDate", entry.PostingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    json.WriteString("documentNumber", Dynamics365Csv.Voucher(i + 1));
                    // Our entry id (32 characters) fits the 35 of externalDocumentNumber; source keys may not.
                    json.WriteString("externalDocumentNumber", entry.Id);
                    // One signed amount: debit positive, credit negative.
                    json.WriteNumber("amount", line.Side == JournalLine.DebitSide ? amount : -amount);
                    json.WriteString("description", Cut(entry.Description.Length > 0 ? entry.Description : entry.SourceKey, MaxDescription));
                    json.WriteString("comment", Cut(Comment(entry, line), MaxComment));
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A journal batch code (Code[10]) derived from the batch id, the same on every rerun.</summary>
    public static string JournalCode(string batchId) =>
        "X" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(batchId)))[..9];

    // A rolled-forward fact says when it happened; Business Central's posting date is where it was booked.
    private static string Comment(JournalEntry entry, JournalLine line) =>
        entry.OriginalDate != entry.PostingDate && entry.OriginalDate != default
            ? $"original date {entry.OriginalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(line.Memo.Length > 0 ? "; " + line.Memo : string.Empty)}"
            : line.Memo;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
