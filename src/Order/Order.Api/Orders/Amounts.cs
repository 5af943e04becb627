using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using WireMoney = Integration.Contracts.Common.V1.Money;

namespace Integration.Order.Orders;

/// <summary>Money of an order: in the order's currency, within its precision, and small enough for a decimal(19,4) column.</summary>
internal static class Amounts
{
    // decimal(19,4) holds 15 integer digits; a larger amount would fail in the database as an internal error.
    private const decimal Limit = 1_000_000_000_000_000m;

    public static decimal Required(WireMoney? money, string field, string currency)
    {
        var amount = Require.Money(money, field, expectedCurrency: currency);
        return amount < Limit
            ? amount
            : throw new ValidationException(field, $"{amount} {currency} is too large; amounts must be below {Limit:N0}");
    }

    public static decimal? Optional(WireMoney? money, string field, string currency) =>
        money is null ? null : Required(money, field, currency);
}
