using System.Globalization;
using Integration.ServiceDefaults.Errors;

namespace Integration.Ledger.Periods;

/// <summary>Monthly periods named "YYYY-MM".</summary>
internal static class PeriodNames
{
    public const string Format = "yyyy-MM";

    public static string Of(DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);

    public static DateOnly FirstDay(string period) =>
        DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly FirstDayOfNext(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(1);

    /// <summary>A "YYYY-MM" period from a request, or a validation error naming <paramref name="field"/>.</summary>
    public static string Parse(string? value, string field)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ValidationException(field, "is required");
        }

        return DateOnly.TryParseExact(trimmed + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? Of(first)
            : throw new ValidationException(field, $"'{(trimmed.Length <= 20 ? trimmed : trimmed[..17] + "...")}' is not a period in the form YYYY-MM");
    }
}
