using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Integration.Ledger.Journal;

/// <summary>
/// SHA-256 of the normalised entry (date, description, lines in order with amounts in minor
/// units), so a repeat of a source key with the same content is recognised whatever the wire
/// form of the amounts (1.5 and 1.50 are the same money).
/// </summary>
internal static class EntryHash
{
    public static string Of(JournalEntryInput entry)
    {
        // JSON arrays keep the fields apart without an ad-hoc separator that text could contain.
        var normalised = new List<string[]>
        {
            new[] { entry.PostingDate.ToString(JournalEntryInput.DateFormat, CultureInfo.InvariantCulture), entry.Description },
        };
        normalised.AddRange(entry.Lines.Select(l => new[]
        {
            l.AccountNumber, l.Side, l.Currency, l.AmountMinor.ToString(CultureInfo.InvariantCulture), l.Memo,
        }));
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(normalised)));
    }
}
