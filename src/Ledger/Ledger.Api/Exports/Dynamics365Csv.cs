using System.Globalization;
using System.Text;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Journal;

namespace Integration.Ledger.Exports;

/// <summary>
/// The Dynamics 365 Finance "General journal" data entity (LedgerJournalEntity) as CSV, the columns
/// of Microsoft's documented example: one journal per batch, one voucher per entry, debit and
/// credit in two non-negative columns.
/// </summary>
internal static class Dynamics365Csv
{
    public static readonly string[] Header =
    [
        "JOURNALNAME", "DESCRIPTION", "JOURNALBATCHNUMBER", "ACCOUNTTYPE", "ACCOUNTDISPLAYVALUE", "LINENUMBER",
        "TRANSDATE", "VOUCHER", "CURRENCYCODE", "DEBITAMOUNT", "CREDITAMOUNT",
    ];

    public static byte[] Write(string batchId, IReadOnlyList<JournalEntry> entries, ExportOptions.Dynamics365Options options)
    {
        var csv = new StringBuilder();
        Csv.AppendRow(csv, Header);
        var description = string.Format(CultureInfo.InvariantCulture, options.Description, batchId);
        var lineNumber = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            // The entity's date format in the documented example ("11-Nov-2023").
            var transDate = entry.PostingDate.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);
            var voucher = Voucher(i + 1);
            foreach (var line in entry.Lines.OrderBy(l => l.LineNo))
            {
                var amount = Amount(line);
                var zero = Amount(line.Currency, 0);
                lineNumber++;
                Csv.AppendRow(csv,
                    options.JournalName,
                    description,
                    batchId,
                    "Ledger",
                    string.Format(CultureInfo.InvariantCulture, options.AccountFormat, line.AccountNumber),
                    lineNumber.ToString(CultureInfo.InvariantCulture),
                    transDate,
                    voucher,
                    line.Currency,
                    line.Side == JournalLine.DebitSide ? amount : zero,
                    line.Side == JournalLine.CreditSide ? amount : zero);
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>The voucher of the entry at <paramref name="ordinal"/> in the batch; Finance may renumber it on posting.</summary>
    public static string Voucher(int ordinal) => "V" + ordinal.ToString("D6", CultureInfo.InvariantCulture);

    private static string Amount(JournalLine line) => Amount(line.Currency, line.AmountMinor);

    // With the currency's own scale: 10.00 GBP, 0.00 on the other side; 1000 JPY.
    private static string Amount(string currency, long minor) =>
        MinorUnits.FromMinor(minor, currency).ToString(CultureInfo.InvariantCulture);
}
