using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Order.V1;

namespace Integration.Order.Orders;

/// <summary>A validated, normalised order from an ingest request. Every amount is in <see cref="Currency"/>.</summary>
internal sealed record OrderInput(
    string Channel, string ExternalOrderId, string OrderNumber, string Currency, bool TaxesIncluded, string CustomerReference,
    IReadOnlyList<LineInput> Lines, IReadOnlyList<ShippingInput> ShippingLines, TotalsInput Totals,
    DateTime PlacedAt, DateTime? ChannelUpdatedAt, string PresentmentCurrency, IReadOnlyList<DiscountInput> Discounts)
{
    private const int MaxLines = 1000;
    private const int MaxShippingLines = 50;

    public static OrderInput From(Contract.Order? order)
    {
        if (order is null)
        {
            throw new ValidationException("order", "is required");
        }

        var channel = Require.Identifier(order.Channel, "order.channel");
        var externalId = Require.Text(order.ExternalOrderId, "order.external_order_id", 64);
        var orderNumber = Require.Text(order.OrderNumber, "order.order_number", 64, optional: true);
        var currency = Require.Currency(order.CurrencyCode, "order.currency_code");
        var customer = Require.Text(order.CustomerReference, "order.customer_reference", 320, optional: true);
        var lines = ReadLines(order.Lines, currency);
        if (order.ShippingLines.Count > MaxShippingLines)
        {
            throw new ValidationException("order.shipping_lines", $"has {order.ShippingLines.Count} shipping lines; at most {MaxShippingLines} are allowed");
        }

        var shipping = order.ShippingLines.Select((s, i) => ShippingInput.From(s, $"order.shipping_lines[{i}]", currency)).ToList();
        var totals = TotalsInput.From(order.Totals, "order.totals", currency);
        var placedAt = Instants.Read(order.PlacedAt, "order.placed_at")
            ?? throw new ValidationException("order.placed_at", "is required");
        var updatedAt = Instants.Read(order.ChannelUpdatedAt, "order.channel_updated_at");
        var presentment = string.IsNullOrEmpty(order.PresentmentCurrencyCode)
            ? string.Empty
            : Require.Currency(order.PresentmentCurrencyCode, "order.presentment_currency_code");
        var discounts = DiscountInput.FromAll(order.Discounts, "order.discounts", currency);
        return new OrderInput(channel, externalId, orderNumber, currency, order.TaxesIncluded, customer, lines, shipping, totals, placedAt, updatedAt, presentment, discounts);
    }

    private static List<LineInput> ReadLines(IReadOnlyList<Contract.OrderLine> source, string currency)
    {
        if (source.Count == 0)
        {
            throw new ValidationException("order.lines", "at least one line is required");
        }

        if (source.Count > MaxLines)
        {
            throw new ValidationException("order.lines", $"has {source.Count} lines; at most {MaxLines} are allowed");
        }

        var lines = new List<LineInput>(source.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < source.Count; i++)
        {
            var line = LineInput.From(source[i], $"order.lines[{i}]", currency);
            // Shipments and refunds name lines by the channel's id, so it must be unambiguous.
            if (!seen.TryAdd(line.ExternalLineId, i))
            {
                throw new ValidationException($"order.lines[{i}].external_line_id", $"'{line.ExternalLineId}' is also the id of order.lines[{seen[line.ExternalLineId]}]");
            }

            lines.Add(line);
        }

        return lines;
    }
}

/// <summary>The totals the channel reported; each one optional, all validated when present.</summary>
internal sealed record TotalsInput(decimal? Subtotal, decimal? TotalDiscounts, decimal? TotalShipping, decimal? TotalTax, decimal? Total)
{
    public static TotalsInput From(Contract.OrderTotals? totals, string path, string currency) =>
        totals is null
            ? new TotalsInput(null, null, null, null, null)
            : new TotalsInput(
                Amounts.Optional(totals.Subtotal, path + ".subtotal", currency),
                Amounts.Optional(totals.TotalDiscounts, path + ".total_discounts", currency),
                Amounts.Optional(totals.TotalShipping, path + ".total_shipping", currency),
                Amounts.Optional(totals.TotalTax, path + ".total_tax", currency),
                Amounts.Optional(totals.Total, path + ".total", currency));
}

/// <summary>An order-level discount as the channel named it.</summary>
internal sealed record DiscountInput(string Code, string Kind, decimal Amount)
{
    private const int MaxDiscounts = 20;

    public static List<DiscountInput> FromAll(IReadOnlyList<Contract.OrderDiscount> source, string path, string currency)
    {
        if (source.Count > MaxDiscounts)
        {
            throw new ValidationException(path, $"has {source.Count} discounts; at most {MaxDiscounts} are allowed");
        }

        return source.Select((d, i) => new DiscountInput(
            Require.Text(d.Code, $"{path}[{i}].code", 255, optional: true),
            Require.Text(d.Kind, $"{path}[{i}].kind", 64, optional: true),
            Amounts.Required(d.Amount, $"{path}[{i}].amount", currency))).ToList();
    }
}
