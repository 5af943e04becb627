using System.Text.RegularExpressions;
using Integration.Contracts.Money;
using Integration.ServiceDefaults.Errors;

namespace Integration.ServiceDefaults.Validation;

/// <summary>Edge validation shared by every service: each check names the field and says what is wrong.</summary>
public static partial class Require
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,63}$")]
    private static partial Regex SkuPattern();

    /// <summary>A caller-given identifier: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static string Identifier(string? value, string field)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ValidationException(field, "is required");
        }

        return IdentifierPattern().IsMatch(trimmed)
            ? trimmed
            : throw new ValidationException(field, $"'{Shorten(trimmed)}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /// <summary>A SKU, normalised (trimmed, upper case) and checked against the SKU format.</summary>
    public static string Sku(string? value, string field)
    {
        var normalised = NormaliseSku(value);
        if (normalised.Length == 0)
        {
            throw new ValidationException(field, "is required");
        }

        return SkuPattern().IsMatch(normalised)
            ? normalised
            : throw new ValidationException(field, $"'{Shorten(normalised)}' is not a valid SKU: use 1-64 of A-Z, 0-9, '.', '_', '-', starting with a letter or digit");
    }

    /// <summary>The normal form of a SKU; lookups use it so "ab-1 " finds "AB-1".</summary>
    public static string NormaliseSku(string? value) => value?.Trim().ToUpperInvariant() ?? string.Empty;

    /// <summary>An active ISO 4217 code in upper case.</summary>
    public static string Currency(string? code, string field)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new ValidationException(field, "is required");
        }

        return Currencies.IsKnown(code)
            ? code
            : throw new ValidationException(field, $"'{Shorten(code)}' is not an ISO 4217 currency code (upper case, e.g. EUR)");
    }

    /// <summary>A money amount: present, well-formed, in a known currency (and the expected one), within the currency's precision.</summary>
    public static decimal Money(Contracts.Common.V1.Money? money, string field, string? expectedCurrency = null, bool allowNegative = false)
    {
        if (money is null)
        {
            throw new ValidationException(field, "is required");
        }

        var currency = Currency(money.CurrencyCode, field + ".currency_code");
        if (expectedCurrency is not null && currency != expectedCurrency)
        {
            throw new ValidationException(field + ".currency_code", $"is {currency} but must be {expectedCurrency}");
        }

        decimal amount;
        try
        {
            amount = money.ToDecimal();
        }
        catch (FormatException ex)
        {
            throw new ValidationException(field, ex.Message);
        }

        if (!allowNegative && amount < 0)
        {
            throw new ValidationException(field, $"{amount} {currency} must not be negative");
        }

        return Currencies.FitsPrecision(amount, currency)
            ? amount
            : throw new ValidationException(field, $"{amount} {currency} has more than the {Currencies.MinorUnit(currency)} decimal places {currency} allows");
    }

    /// <summary>A positive quantity no larger than <paramref name="max"/>.</summary>
    public static long Quantity(long value, string field, long max) =>
        value >= 1 && value <= max ? value : throw new ValidationException(field, $"{value} must be between 1 and {max}");

    /// <summary>Text of at most <paramref name="maxLength"/> characters; required unless <paramref name="optional"/>.</summary>
    public static string Text(string? value, string field, int maxLength, bool optional = false)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 && !optional)
        {
            throw new ValidationException(field, "is required");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new ValidationException(field, $"is {trimmed.Length} characters long; at most {maxLength} are allowed");
    }

    private static string Shorten(string value) => value.Length <= 70 ? value : value[..67] + "...";
}
