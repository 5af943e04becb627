using System.Text.Json;
using Integration.Connectors.Channels;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using static Integration.Connectors.Webhooks.JsonValues;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Connectors.Shopify;

/// <summary>
/// Shopify's order JSON (the orders/* webhook body, the same shape as the REST Admin API) to Order's messages, every
/// field carried: ids as text, amounts and tax rates from their token text into decimal, tax lines per line and per
/// shipping line, discount allocations, refund transactions, restock types, locations through the channel's map.
/// </summary>
public static class ShopifyOrderMapper
{
    public static WireOrder Order(JsonElement order, string channel)
    {
        var currency = Currency(order);
        var result = new WireOrder
        {
            Channel = channel,
            ExternalOrderId = RequiredId(order, "id"),
            OrderNumber = Text(order, "name"),
            CurrencyCode = currency,
            PresentmentCurrencyCode = Text(order, "presentment_currency"),
            TaxesIncluded = order.TryGetProperty("taxes_included", out var included) && included.ValueKind == JsonValueKind.True,
            CustomerReference = order.TryGetProperty("customer", out var customer) && customer.ValueKind == JsonValueKind.Object
                ? Id(customer, "id")
                : Text(order, "email"),
            PlacedAt = Time(Required(order, "created_at")),
            ChannelUpdatedAt = Time(Required(order, "updated_at")),
            Totals = new OrderTotals
            {
                Subtotal = Amount(order, "subtotal_price", currency),
                TotalDiscounts = Amount(order, "total_discounts", currency),
                TotalShipping = ShippingTotal(order, currency),
                TotalTax = Amount(order, "total_tax", currency),
                Total = Amount(order, "total_price", currency),
            },
        };
        foreach (var code in Items(order, "discount_codes"))
        {
            result.Discounts.Add(new OrderDiscount { Code = Text(code, "code"), Kind = Text(code, "type"), Amount = Money(Required(code, "amount"), currency) });
        }

        foreach (var item in Items(order, "line_items"))
        {
            var line = new OrderLine
            {
                ExternalLineId = RequiredId(item, "id"),
                // Custom items have "sku": null; the order is stored and held by Order with an UNKNOWN_SKU exception.
                Sku = Text(item, "sku"),
                Title = Text(item, "name") is { Length: > 0 } name ? name : Text(item, "title"),
                Quantity = Required(item, "quantity").GetInt64(),
                UnitPrice = Money(Required(item, "price"), currency),
            };
            // The allocations are what the line really got (its own total_discount says "0.00" even when discounted).
            foreach (var allocation in Items(item, "discount_allocations"))
            {
                line.DiscountAllocations.Add(new DiscountAllocation
                {
                    Amount = Money(Required(allocation, "amount"), currency),
                    DiscountIndex = Required(allocation, "discount_application_index").GetInt32(),
                });
            }

            line.TaxLines.AddRange(Taxes(item, currency));
            result.Lines.Add(line);
        }

        foreach (var item in Items(order, "shipping_lines"))
        {
            var shipping = new ShippingLine
            {
                Title = Text(item, "title"),
                Price = Money(Required(item, "price"), currency),
                Discount = Items(item, "discount_allocations").Sum(a => Number(Required(a, "amount"))).ToMoney(currency),
            };
            shipping.TaxLines.AddRange(Taxes(item, currency));
            result.ShippingLines.Add(shipping);
        }

        return result;
    }

    /// <summary>The line ids (with their variant ids) that came without a SKU, to be looked up in Catalog.</summary>
    public static IEnumerable<(string LineId, string VariantId)> LinesWithoutSku(JsonElement order) =>
        Items(order, "line_items")
            .Where(i => Text(i, "sku").Length == 0 && Id(i, "variant_id").Length > 0)
            .Select(i => (Id(i, "id"), Id(i, "variant_id")));

    /// <summary>
    /// orders/paid: the order is paid in full. The webhook carries no transactions, so the payment is a sale of the
    /// order total named after the order (one per order: a redelivery or a later paid event is the same payment).
    /// </summary>
    public static Payment Paid(JsonElement order)
    {
        var currency = Currency(order);
        return new Payment
        {
            PaymentId = "paid-" + RequiredId(order, "id"),
            Kind = PaymentKind.Sale,
            Gateway = Items(order, "payment_gateway_names").Select(g => g.GetString()).FirstOrDefault(g => !string.IsNullOrEmpty(g)) ?? string.Empty,
            Amount = Money(Required(order, "total_price"), currency),
            OccurredAt = OptionalTime(order, "processed_at") ?? Time(Required(order, "updated_at")),
        };
    }

    /// <summary>orders/cancelled: the cancellation, with the refund Shopify made with it (created around cancelled_at).</summary>
    public static CancelOrderRequest Cancellation(JsonElement order, string channel, ChannelOptions options)
    {
        var cancelledAt = Time(Required(order, "cancelled_at"));
        var request = new CancelOrderRequest
        {
            Order = Key(channel, RequiredId(order, "id")),
            Reason = Text(order, "cancel_reason"),
            OccurredAt = cancelledAt,
        };
        var at = cancelledAt.ToDateTimeOffset();
        var refund = Items(order, "refunds")
            .Select(r => (Refund: r, At: Time(Required(r, "created_at")).ToDateTimeOffset()))
            .Where(r => (r.At - at).Duration() <= TimeSpan.FromMinutes(5))
            .OrderByDescending(r => r.At)
            .Select(r => r.Refund)
            .FirstOrDefault();
        if (refund.ValueKind == JsonValueKind.Object)
        {
            request.Refund = Refund(refund, Currency(order), options, channel);
        }

        return request;
    }

    public static Shipment Fulfillment(JsonElement fulfillment, ChannelOptions options, string channel)
    {
        var shipment = new Shipment
        {
            ShipmentId = RequiredId(fulfillment, "id"),
            LocationId = Location(Id(fulfillment, "location_id"), options, channel),
            TrackingCompany = Text(fulfillment, "tracking_company"),
            OccurredAt = Time(Required(fulfillment, "created_at")),
        };
        shipment.TrackingNumbers.AddRange(Items(fulfillment, "tracking_numbers").Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!));
        shipment.TrackingUrls.AddRange(Items(fulfillment, "tracking_urls").Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!));
        shipment.Lines.AddRange(Items(fulfillment, "line_items").Select(l => new ShipmentLine
        {
            ExternalLineId = RequiredId(l, "id"),
            Quantity = Required(l, "quantity").GetInt64(),
        }));
        return shipment;
    }

    /// <summary>
    /// A refund. The money is what its transactions paid back. Shipping comes from the "shipping_refund" order
    /// adjustments (their amount is the negative of the shipping refunded; refund_shipping_lines repeat the same
    /// money and are not added again); other adjustments ("refund_discrepancy": positive means less money went
    /// back) become signed adjustments.
    /// </summary>
    public static Refund Refund(JsonElement refund, string currency, ChannelOptions options, string channel)
    {
        var result = new Refund
        {
            RefundId = RequiredId(refund, "id"),
            Note = Text(refund, "note"),
            OccurredAt = Time(Required(refund, "created_at")),
        };
        foreach (var item in Items(refund, "refund_line_items"))
        {
            result.Lines.Add(new RefundLine
            {
                ExternalLineId = RequiredId(item, "line_item_id"),
                Quantity = Required(item, "quantity").GetInt64(),
                RestockType = Text(item, "restock_type") switch
                {
                    "no_restock" => RestockType.NoRestock,
                    "cancel" => RestockType.Cancel,
                    "return" => RestockType.Return,
                    "legacy_restock" => RestockType.LegacyRestock,
                    var other => throw new MappingException($"restock_type '{other}' of line {Id(item, "line_item_id")} is not one Shopify documents"),
                },
                LocationId = Id(item, "location_id") is { Length: > 0 } location ? Location(location, options, channel) : string.Empty,
                // JSON numbers in Shopify's body (195.66): read as text, never as a double.
                Subtotal = Money(Required(item, "subtotal"), currency),
                TotalTax = Money(Required(item, "total_tax"), currency),
            });
        }

        var shipping = 0m;
        var shippingTax = 0m;
        foreach (var adjustment in Items(refund, "order_adjustments"))
        {
            if (Text(adjustment, "kind") == "shipping_refund")
            {
                shipping -= Number(Required(adjustment, "amount"));
                shippingTax -= adjustment.TryGetProperty("tax_amount", out var tax) && tax.ValueKind != JsonValueKind.Null ? Number(tax) : 0m;
            }
            else
            {
                result.Adjustments.Add(new RefundAdjustment
                {
                    Kind = Text(adjustment, "kind"),
                    Amount = (-Number(Required(adjustment, "amount"))).ToMoney(currency),
                    Reason = Text(adjustment, "reason"),
                });
            }
        }

        if (shipping != 0m || shippingTax != 0m)
        {
            result.Shipping = shipping.ToMoney(currency);
            result.ShippingTax = shippingTax.ToMoney(currency);
        }

        result.Transactions.AddRange(Items(refund, "transactions")
            .Where(t => Text(t, "kind") == "refund" && Text(t, "status") == "success")
            .Select(t => new RefundTransaction { TransactionId = RequiredId(t, "id"), Gateway = Text(t, "gateway"), Amount = Money(Required(t, "amount"), currency) }));
        return result;
    }

    /// <summary>
    /// A refund body names no currency of its own: its transactions or its lines' shop money do, else the channel's.
    /// </summary>
    public static string RefundCurrency(JsonElement refund, ChannelOptions options) =>
        Items(refund, "transactions").Select(t => Text(t, "currency")).FirstOrDefault(c => c.Length > 0)
        ?? Items(refund, "refund_line_items")
            .Select(l => l.TryGetProperty("subtotal_set", out var set) && set.TryGetProperty("shop_money", out var shop) ? Text(shop, "currency_code") : string.Empty)
            .FirstOrDefault(c => c.Length > 0)
        ?? options.Currency
        ?? throw new MappingException("the refund names no currency and the channel has none configured");

    public static OrderKey Key(string channel, string orderId) =>
        new() { ChannelRef = new ChannelOrderRef { Channel = channel, ExternalOrderId = orderId } };

    /// <summary>A Shopify location id as our location; an unmapped one is a mapping failure an operator fixes in configuration.</summary>
    public static string Location(string shopifyLocation, ChannelOptions options, string channel) =>
        shopifyLocation.Length == 0
            ? string.Empty
            : options.Locations.TryGetValue(shopifyLocation, out var ours)
                ? ours
                : throw new MappingException($"Shopify location {shopifyLocation} is not mapped to one of ours (Connectors:Channels:{channel}:Locations)");

    private static string Currency(JsonElement order) =>
        Text(order, "currency") is { Length: > 0 } currency ? currency : throw new MappingException("'currency' is missing");

    private static Integration.Contracts.Common.V1.Money? ShippingTotal(JsonElement order, string currency) =>
        order.TryGetProperty("total_shipping_price_set", out var set) && set.ValueKind == JsonValueKind.Object
            && set.TryGetProperty("shop_money", out var shop) && shop.ValueKind == JsonValueKind.Object
            ? Money(Required(shop, "amount"), currency)
            : null;

    private static IEnumerable<TaxLine> Taxes(JsonElement owner, string currency) =>
        Items(owner, "tax_lines").Select(t => new TaxLine
        {
            Title = Text(t, "title"),
            // "rate": 0.06 is a JSON float: its text is the rate.
            Rate = t.TryGetProperty("rate", out var rate) && rate.ValueKind is JsonValueKind.Number or JsonValueKind.String ? Raw(rate) : string.Empty,
            Amount = Money(Required(t, "price"), currency),
        });
}
