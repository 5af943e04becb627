using System.Globalization;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Order.V1;

namespace Integration.Order.Orders;

/// <summary>A validated product line.</summary>
internal sealed record LineInput(
    string ExternalLineId, string Sku, string Title, long Quantity, decimal UnitPrice, decimal TotalDiscount, IReadOnlyList<TaxInput> TaxLines,
    IReadOnlyList<AllocationInput> Allocations)
{
    private const long MaxQuantity = 100_000;

    public static LineInput From(Contract.OrderLine line, string path, string currency)
    {
        var externalId = Require.Text(line.ExternalLineId, path + ".external_line_id", 64);
        // A missing SKU is a business exception (the order is kept and held), a malformed one a bad request.
        var sku = string.IsNullOrWhiteSpace(line.Sku) ? string.Empty : Require.Sku(line.Sku, path + ".sku");
        var title = Require.Text(line.Title, path + ".title", 500, optional: true);
        var quantity = Require.Quantity(line.Quantity, path + ".quantity", MaxQuantity);
        var unitPrice = Amounts.Required(line.UnitPrice, path + ".unit_price", currency);
        // Absent means no discount; a present one must still be a valid amount in the order's currency.
        var allocations = AllocationInput.FromAll(line.DiscountAllocations, path + ".discount_allocations", currency);
        var allocated = allocations.Sum(a => a.Amount);
        var given = Amounts.Optional(line.TotalDiscount, path + ".total_discount", currency);
        if (given is { } total && allocations.Count > 0 && total != allocated)
        {
            throw new ValidationException(path + ".total_discount", $"{total} {currency} differs from the sum of its discount_allocations, {allocated} {currency}");
        }

        var discount = given ?? allocated;
        if (discount > unitPrice * quantity)
        {
            throw new ValidationException(path + ".total_discount", $"{discount} {currency} is more than the line's {unitPrice * quantity} {currency} ({quantity} x {unitPrice})");
        }

        var taxes = TaxInput.FromAll(line.TaxLines, path + ".tax_lines", currency);
        return new LineInput(externalId, sku, title, quantity, unitPrice, discount, taxes, allocations);
    }
}

/// <summary>A validated shipping charge.</summary>
internal sealed record ShippingInput(string Title, decimal Price, decimal Discount, IReadOnlyList<TaxInput> TaxLines)
{
    public static ShippingInput From(Contract.ShippingLine shipping, string path, string currency)
    {
        var price = Amounts.Required(shipping.Price, path + ".price", currency);
        var discount = Amounts.Optional(shipping.Discount, path + ".discount", currency) ?? 0m;
        return discount <= price
            ? new(Require.Text(shipping.Title, path + ".title", 255, optional: true), price, discount, TaxInput.FromAll(shipping.TaxLines, path + ".tax_lines", currency))
            : throw new ValidationException(path + ".discount", $"{discount} {currency} is more than the price {price} {currency}");
    }
}

/// <summary>A validated discount allocation of a line.</summary>
internal sealed record AllocationInput(decimal Amount, int DiscountIndex)
{
    private const int MaxAllocations = 20;

    public static List<AllocationInput> FromAll(IReadOnlyList<Contract.DiscountAllocation> source, string path, string currency)
    {
        if (source.Count > MaxAllocations)
        {
            throw new ValidationException(path, $"has {source.Count} allocations; at most {MaxAllocations} are allowed");
        }

        return source.Select((a, i) => a.DiscountIndex >= 0
            ? new AllocationInput(Amounts.Required(a.Amount, $"{path}[{i}].amount", currency), a.DiscountIndex)
            : throw new ValidationException($"{path}[{i}].discount_index", $"{a.DiscountIndex} must not be negative")).ToList();
    }
}

/// <summary>A validated tax line: the rate is a fraction parsed exactly from text, never a float.</summary>
internal sealed record TaxInput(string Title, decimal? Rate, decimal Amount)
{
    private const int MaxTaxLines = 20;
    private const int RateDecimals = 6;

    public static List<TaxInput> FromAll(IReadOnlyList<Contract.TaxLine> taxes, string path, string currency)
    {
        if (taxes.Count > MaxTaxLines)
        {
            throw new ValidationException(path, $"has {taxes.Count} tax lines; at most {MaxTaxLines} are allowed");
        }

        return taxes.Select((t, i) => From(t, $"{path}[{i}]", currency)).ToList();
    }

    private static TaxInput From(Contract.TaxLine tax, string path, string currency) =>
        new(Require.Text(tax.Title, path + ".title", 255), ParseRate(tax.Rate, path + ".rate"), Amounts.Required(tax.Amount, path + ".amount", currency));

    private static decimal? ParseRate(string? value, string field)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            // WooCommerce names a rate id, not a rate: absent is "not reported", never zero.
            return null;
        }

        var shown = text.Length <= 32 ? text : text[..29] + "...";
        // No sign, exponent or group separators: a rate is a plain fraction such as "0.19".
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate > 1m)
        {
            throw new ValidationException(field, $"'{shown}' must be a decimal fraction from 0 to 1, e.g. \"0.19\" for 19 %");
        }

        // The column holds six decimals; more would be rounded differently by each database.
        return decimal.Round(rate, RateDecimals) == rate
            ? rate
            : throw new ValidationException(field, $"'{shown}' has more than {RateDecimals} decimal places");
    }
}
