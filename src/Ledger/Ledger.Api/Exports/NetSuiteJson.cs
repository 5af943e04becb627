using System.Globalization;
using System.Text.Json;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Journal;
using Integration.ServiceDefaults.Errors;

namespace Integration.Ledger.Exports;

/// <summary>
/// NetSuite REST record "journalentry" create bodies (POST /services/rest/record/v1/journalentry),
/// after Oracle's documented example: subsidiary, and line.items of account, debit or credit, and
/// memo; plus tranDate, currency, memo and externalId (so NetSuite itself refuses a resend).
/// No NetSuite fixture exists in the repository; the shape follows Oracle's REST reference.
/// One journal entry per entry and currency, since a NetSuite journal entry has one currency.
/// </summary>
internal static class NetSuiteJson
{
    public static byte[] Write(IReadOnlyList<JournalEntry> entries, ExportOptions.NetSuiteOptions options)
    {
        RequireMappings(entries, options);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("journalEntries");
            foreach (var entry in entries)
            {
                var currencies = entry.Lines.Select(l => l.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                foreach (var currency in currencies)
                {
                    json.WriteStartObject();
                    json.WriteString("externalId", currencies.Count == 1 ? entry.Id : $"{entry.Id}-{currency}");
                    json.WriteString("tranDate", entry.PostingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    Reference(json, "subsidiary", options.SubsidiaryId);
                    Reference(json, "currency", options.CurrencyIds[currency]);
                    json.WriteString("memo", Memo(entry));
                    json.WriteStartObject("line");
                    json.WriteStartArray("items");
                    foreach (var line in entry.Lines.Where(l => l.Currency == currency).OrderBy(l => l.LineNo))
                    {
                        json.WriteStartObject();
                        Reference(json, "account", options.AccountIds[line.AccountNumber]);
                        json.WriteNumber(line.Side == JournalLine.DebitSide ? "debit" : "credit", MinorUnits.FromMinor(line.AmountMinor, line.Currency));
                        json.WriteString("memo", line.Memo);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void RequireMappings(IReadOnlyList<JournalEntry> entries, ExportOptions.NetSuiteOptions options)
    {
        var lines = entries.SelectMany(e => e.Lines).ToList();
        var accounts = lines.Select(l => l.AccountNumber).Where(a => !options.AccountIds.ContainsKey(a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var currencies = lines.Select(l => l.Currency).Where(c => !options.CurrencyIds.ContainsKey(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (accounts.Count > 0 || currencies.Count > 0)
        {
            throw new PreconditionFailedException(
                $"NetSuite needs internal ids for {string.Join(" and ", new[] { accounts.Count > 0 ? "accounts " + string.Join(", ", accounts) : null, currencies.Count > 0 ? "currencies " + string.Join(", ", currencies) : null }.OfType<string>())}; map them under {ExportOptions.Section}:NetSuite (AccountIds, CurrencyIds)");
        }
    }

    private static void Reference(Utf8JsonWriter json, string name, string id)
    {
        json.WriteStartObject(name);
        json.WriteString("id", id);
        json.WriteEndObject();
    }

    private static string Memo(JournalEntry entry) =>
        entry.OriginalDate != entry.PostingDate && entry.OriginalDate != default
            ? $"{entry.Description} (original date {entry.OriginalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"
            : entry.Description;
}
