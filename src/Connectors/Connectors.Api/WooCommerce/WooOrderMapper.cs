using System.Text.Json;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using static Integration.Connectors.Webhooks.JsonValues;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Connectors.WooCommerce;

/// <summary>
/// WooCommerce's order JSON (the order.* webhook body is the REST v3 order) to Order's messages. Money fields are
/// strings, <c>*_gmt</c> times carry no offset and are UTC, taxes name a rate id (no rate is invented).
/// </summary>
public static class WooOrderMapper
{
    public static WireOrder Order(JsonElement order, string channel)
    {
        var currency = Currency(order);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tax in Items(order, "tax_lines"))
        {
            labels[Id(tax, "rate_id")] = Text(tax, "label");
        }

        var result = new WireOrder
        {
            Channel = channel,
            ExternalOrderId = RequiredId(order, "id"),
            OrderNumber = Text(order, "number"),
            CurrencyCode = currency,
            TaxesIncluded = order.TryGetProperty("prices_include_tax", out var included) && included.ValueKind == JsonValueKind.True,
            CustomerReference = Id(order, "customer_id") is { Length: > 0 } customer && customer != "0"
                ? customer
                : order.TryGetProperty("billing", out var billing) ? Text(billing, "email") : string.Empty,
            PlacedAt = Gmt(order, "date_created_gmt"),
            ChannelUpdatedAt = Gmt(order, "date_modified_gmt"),
            Totals = new OrderTotals
            {
                TotalDiscounts = Amount(order, "discount_total", currency),
                TotalShipping = Amount(order, "shipping_total", currency),
                TotalTax = Amount(order, "total_tax", currency),
                Total = Amount(order, "total", currency),
            },
        };
        foreach (var coupon in Items(order, "coupon_lines"))
        {
            result.Discounts.Add(new OrderDiscount { Code = Text(coupon, "code"), Kind = "coupon", Amount = Money(Required(coupon, "discount"), currency) });
        }

        foreach (var item in Items(order, "line_items"))
        {
            var quantity = Required(item, "quantity").GetInt64();
            var subtotal = Number(Required(item, "subtotal"));
            var line = new OrderLine
            {
                ExternalLineId = RequiredId(item, "id"),
                Sku = Text(item, "sku"),
                Title = Text(item, "name"),
                Quantity = quantity,
                UnitPrice = quantity > 0 ? UnitPrice(subtotal, quantity, currency) : throw new MappingException($"line {Id(item, "id")} has quantity {quantity}"),
                // subtotal is before coupons, total after: the difference is the line's discount.
                TotalDiscount = (subtotal - Number(Required(item, "total"))).ToMoney(currency),
            };
            line.TaxLines.AddRange(Items(item, "taxes").Select(t => new TaxLine
            {
                Title = labels.GetValueOrDefault(Id(t, "id"), "tax " + Id(t, "id")),
                Amount = Money(Required(t, "total"), currency),
            }));
            result.Lines.Add(line);
        }

        foreach (var item in Items(order, "shipping_lines"))
        {
            var shipping = new ShippingLine { Title = Text(item, "method_title"), Price = Money(Required(item, "total"), currency) };
            shipping.TaxLines.AddRange(Items(item, "taxes").Select(t => new TaxLine
            {
                Title = labels.GetValueOrDefault(Id(t, "id"), "tax " + Id(t, "id")),
                Amount = Money(Required(t, "total"), currency),
            }));
            result.ShippingLines.Add(shipping);
        }

        return result;
    }

    /// <summary>
    /// WooCommerce sets date_paid when the order is paid; the payment is a sale of the total, named by the gateway's
    /// transaction id or, without one (bank transfer), after the order.
    /// </summary>
    public static Payment? Paid(JsonElement order)
    {
        if (!order.TryGetProperty("date_paid_gmt", out var paid) || paid.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return new Payment
        {
            PaymentId = Text(order, "transaction_id") is { Length: > 0 } transaction ? transaction : "paid-" + RequiredId(order, "id"),
            Kind = PaymentKind.Sale,
            Gateway = Text(order, "payment_method"),
            Amount = Money(Required(order, "total"), Currency(order)),
            OccurredAt = Gmt(order, "date_paid_gmt"),
        };
    }

    /// <summary>
    /// The refunds an order body lists. With <paramref name="details"/> (the REST API's refund objects of the order) each
    /// refund carries its lines: the order line (<c>_refunded_item_id</c>), units, amount after discounts and tax, all
    /// negative in WooCommerce; money refunded beyond the lines (shipping, a manual amount) is an adjustment. Without
    /// them (no REST key for the channel, or a refund the API does not return) the refund is the money itself, one
    /// adjustment of the same amount, so it reconciles instead of claiming lines it does not name. WooCommerce does not
    /// say afterwards whether units were restocked: lines are sent as no restock.
    /// </summary>
    public static IEnumerable<Refund> Refunds(JsonElement order, JsonElement? details = null)
    {
        var currency = Currency(order);
        var at = Gmt(order, "date_modified_gmt");
        var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (details is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var detail in list.EnumerateArray())
            {
                byId[RequiredId(detail, "id")] = detail;
            }
        }

        foreach (var summary in Items(order, "refunds"))
        {
            var id = RequiredId(summary, "id");
            yield return byId.TryGetValue(id, out var detail)
                ? Detailed(detail, id, Text(order, "payment_method"), currency)
                : Summary(summary, id, Text(order, "payment_method"), currency, at);
        }
    }

    private static Refund Summary(JsonElement summary, string id, string gateway, string currency, Google.Protobuf.WellKnownTypes.Timestamp at)
    {
        var amount = -Number(Required(summary, "total"));
        var refund = new Refund { RefundId = id, Note = Text(summary, "reason"), OccurredAt = at };
        refund.Adjustments.Add(new RefundAdjustment { Kind = "woocommerce_refund", Amount = amount.ToMoney(currency), Reason = Text(summary, "reason") });
        refund.Transactions.Add(new RefundTransaction { TransactionId = "woo-refund-" + id, Gateway = gateway, Amount = amount.ToMoney(currency) });
        return refund;
    }

    private static Refund Detailed(JsonElement detail, string id, string gateway, string currency)
    {
        // "amount" is what was refunded (it takes precedence over the lines' totals when they differ).
        var amount = Money(Required(detail, "amount"), currency).ToDecimal();
        var refund = new Refund { RefundId = id, Note = Text(detail, "reason"), OccurredAt = Gmt(detail, "date_created_gmt") };
        var lines = 0m;
        foreach (var item in Items(detail, "line_items"))
        {
            var orderLine = Items(item, "meta_data").Where(m => Text(m, "key") == "_refunded_item_id").Select(m => Id(m, "value")).FirstOrDefault()
                ?? throw new MappingException($"refund {id} line {Id(item, "id")} does not say which order line it refunds (_refunded_item_id)");
            var subtotal = -Money(Required(item, "total"), currency).ToDecimal();
            var tax = -Money(Required(item, "total_tax"), currency).ToDecimal();
            refund.Lines.Add(new RefundLine
            {
                ExternalLineId = orderLine,
                Quantity = -Required(item, "quantity").GetInt64(),
                RestockType = RestockType.NoRestock,
                Subtotal = subtotal.ToMoney(currency),
                TotalTax = tax.ToMoney(currency),
            });
            lines += subtotal + tax;
        }

        if (amount != lines)
        {
            refund.Adjustments.Add(new RefundAdjustment { Kind = "woocommerce_refund", Amount = (amount - lines).ToMoney(currency), Reason = Text(detail, "reason") });
        }

        // The same transaction id as a refund first recorded from the order body alone, so the two forms are one refund.
        refund.Transactions.Add(new RefundTransaction { TransactionId = "woo-refund-" + id, Gateway = gateway, Amount = amount.ToMoney(currency) });
        return refund;
    }

    public static bool IsCancelled(JsonElement order) => Text(order, "status") == "cancelled";

    public static Google.Protobuf.WellKnownTypes.Timestamp Gmt(JsonElement owner, string name) =>
        Text(owner, name) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at)
            : throw new MappingException($"'{name}' is missing or not a time");

    private static Integration.Contracts.Common.V1.Money UnitPrice(decimal subtotal, long quantity, string currency)
    {
        var unit = subtotal / quantity;
        var digits = Currencies.MinorUnit(currency) ?? 2;
        // A subtotal that does not divide into whole minor units per unit cannot be one price: say so.
        return decimal.Round(unit, digits) == unit
            ? unit.ToMoney(currency)
            : throw new MappingException($"line subtotal {subtotal} is not {quantity} equal unit prices in {currency}");
    }

    private static string Currency(JsonElement order) =>
        Text(order, "currency") is { Length: > 0 } currency ? currency : throw new MappingException("'currency' is missing");
}
