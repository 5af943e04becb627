using System.Globalization;
using Integration.Contracts.Money;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Data.Journal;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Journal;

/// <summary>A validated, normalised, balanced journal entry from a post request.</summary>
internal sealed record JournalEntryInput(
    string SourceKey, DateOnly PostingDate, string Description, IReadOnlyList<JournalLineInput> Lines)
{
    private const int MinLines = 2;
    private const int MaxLines = 500;

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Accounting period of the posting date, "YYYY-MM".</summary>
    public string Period => PostingDate.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static JournalEntryInput From(Contract.JournalEntry? entry, Chart chart)
    {
        if (entry is null)
        {
            throw new ValidationException("entry", "is required");
        }

        var sourceKey = Require.Text(entry.SourceKey, "entry.source_key", 200);
        var postingDate = ParseDate(entry.PostingDate, "entry.posting_date")
            ?? throw new ValidationException("entry.posting_date", "is required");
        var description = Require.Text(entry.Description, "entry.description", 500, optional: true);
        if (entry.Lines.Count is < MinLines or > MaxLines)
        {
            throw new ValidationException("entry.lines", $"has {entry.Lines.Count} lines; an entry needs {MinLines} to {MaxLines}");
        }

        var lines = entry.Lines.Select((l, i) => JournalLineInput.From(l, $"entry.lines[{i}]", chart)).ToList();
        RequireBalanced(lines);
        return new JournalEntryInput(sourceKey, postingDate, description, lines);
    }

    /// <summary>A "yyyy-MM-dd" date, or null when <paramref name="value"/> is empty.</summary>
    public static DateOnly? ParseDate(string? value, string field)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return null;
        }

        return DateOnly.TryParseExact(trimmed, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ValidationException(field, $"'{(trimmed.Length <= 40 ? trimmed : trimmed[..37] + "...")}' is not a date in the form YYYY-MM-DD");
    }

    private static void RequireBalanced(IEnumerable<JournalLineInput> lines)
    {
        foreach (var currency in lines.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var debits = currency.Where(l => l.Side == JournalLine.DebitSide).Sum(l => l.Amount);
            var credits = currency.Where(l => l.Side == JournalLine.CreditSide).Sum(l => l.Amount);
            if (debits != credits)
            {
                var format = "F" + Currencies.MinorUnit(currency.Key)!.Value.ToString(CultureInfo.InvariantCulture);
                throw new ValidationException("entry.lines",
                    $"entry does not balance in {currency.Key}: debits {debits.ToString(format, CultureInfo.InvariantCulture)}, credits {credits.ToString(format, CultureInfo.InvariantCulture)}");
            }
        }
    }
}

/// <summary>A validated journal line: an account of the chart, a side, a positive amount at the currency's precision.</summary>
internal sealed record JournalLineInput(string AccountNumber, string Side, string Currency, decimal Amount, string Memo)
{
    public long AmountMinor => MinorUnits.ToMinor(Amount, Currency);

    public static JournalLineInput From(Contract.JournalLine line, string path, Chart chart)
    {
        var number = Require.Text(line.AccountNumber, path + ".account_number", 20);
        if (chart.Find(number) is null)
        {
            throw new ValidationException(path + ".account_number", $"account '{number}' is not in the chart of accounts");
        }

        var side = line.Side switch
        {
            Contract.Side.Debit => JournalLine.DebitSide,
            Contract.Side.Credit => JournalLine.CreditSide,
            _ => throw new ValidationException(path + ".side", $"{line.Side} is not allowed; use SIDE_DEBIT or SIDE_CREDIT"),
        };

        var amount = Require.Money(line.Amount, path + ".amount");
        if (amount == 0)
        {
            throw new ValidationException(path + ".amount", $"must be greater than zero");
        }

        if (amount > MinorUnits.MaxLineAmount)
        {
            throw new ValidationException(path + ".amount", $"{amount} is above the largest amount a line may carry ({MinorUnits.MaxLineAmount})");
        }

        return new JournalLineInput(number, side, line.Amount.CurrencyCode, amount, Require.Text(line.Memo, path + ".memo", 500, optional: true));
    }
}
