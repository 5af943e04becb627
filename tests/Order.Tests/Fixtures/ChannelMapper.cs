using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using WireMoney = Integration.Contracts.Common.V1.Money;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Order.Tests.Fixtures;

/// <summary>
/// A test-side stand-in for the Connectors issue: channel JSON to Order RPC messages. Ids are read as their raw text
/// (64-bit, never a double), money and tax rates from the raw token text (Shopify sends some as JSON numbers) into
/// decimal strings, so nothing passes through floating point.
/// </summary>
internal static class ChannelMapper
{
    public static WireOrder ShopifyOrder(JsonElement order, string channel)
    {
        var currency = order.GetProperty("currency").GetString()!;
        var result = new WireOrder
        {
            Channel = channel,
            ExternalOrderId = Raw(order.GetProperty("id")),
            OrderNumber = Text(order, "name"),
            CurrencyCode = currency,
            PresentmentCurrencyCode = Text(order, "presentment_currency"),
            TaxesIncluded = order.GetProperty("taxes_included").GetBoolean(),
            CustomerReference = order.TryGetProperty("customer", out var customer) && customer.ValueKind == JsonValueKind.Object
                ? Raw(customer.GetProperty("id"))
                : Text(order, "email"),
            PlacedAt = Time(order.GetProperty("created_at")),
            ChannelUpdatedAt = Time(order.GetProperty("updated_at")),
            Totals = new OrderTotals
            {
                Subtotal = Amount(order, "subtotal_price", currency),
                TotalDiscounts = Amount(order, "total_discounts", currency),
                TotalShipping = order.TryGetProperty("total_shipping_price_set", out var shipping)
                    ? Money(shipping.GetProperty("shop_money").GetProperty("amount"), currency)
                    : null,
                TotalTax = Amount(order, "total_tax", currency),
                Total = Amount(order, "total_price", currency),
            },
        };
        foreach (var code in Items(order, "discount_codes"))
        {
            result.Discounts.Add(new OrderDiscount { Code = Text(code, "code"), Kind = Text(code, "type"), Amount = Money(code.GetProperty("amount"), currency) });
        }

        foreach (var item in Items(order, "line_items"))
        {
            var line = new OrderLine
            {
                ExternalLineId = Raw(item.GetProperty("id")),
                // Custom items have "sku": null; the service holds such an order with an UNKNOWN_SKU exception.
                Sku = item.GetProperty("sku").ValueKind == JsonValueKind.String ? item.GetProperty("sku").GetString()! : string.Empty,
                Title = Text(item, "name"),
                Quantity = item.GetProperty("quantity").GetInt64(),
                UnitPrice = Money(item.GetProperty("price"), currency),
            };
            // The allocations are what the line really got (its own total_discount says "0.00" even when discounted).
            foreach (var allocation in Items(item, "discount_allocations"))
            {
                line.DiscountAllocations.Add(new DiscountAllocation
                {
                    Amount = Money(allocation.GetProperty("amount"), currency),
                    DiscountIndex = allocation.GetProperty("discount_application_index").GetInt32(),
                });
            }

            line.TaxLines.AddRange(ShopifyTaxes(item, currency));
            result.Lines.Add(line);
        }

        foreach (var item in Items(order, "shipping_lines"))
        {
            var shippingLine = new ShippingLine
            {
                Title = Text(item, "title"),
                Price = Money(item.GetProperty("price"), currency),
                Discount = Items(item, "discount_allocations").Sum(a => Decimal(a.GetProperty("amount"))).ToMoney(currency),
            };
            shippingLine.TaxLines.AddRange(ShopifyTaxes(item, currency));
            result.ShippingLines.Add(shippingLine);
        }

        return result;
    }

    /// <summary>Payment transactions (refund transactions belong to their refund).</summary>
    public static IEnumerable<Payment> ShopifyPayments(JsonElement transactions) =>
        transactions.EnumerateArray()
            .Where(t => Text(t, "status") == "success" && Text(t, "kind") != "refund")
            .Select(t => new Payment
            {
                PaymentId = Raw(t.GetProperty("id")),
                Kind = Text(t, "kind") switch
                {
                    "authorization" => PaymentKind.Authorization,
                    "capture" => PaymentKind.Capture,
                    "sale" => PaymentKind.Sale,
                    "void" => PaymentKind.Void,
                    var other => throw new InvalidOperationException($"unmapped Shopify transaction kind {other}"),
                },
                Gateway = Text(t, "gateway"),
                Amount = Money(t.GetProperty("amount"), t.GetProperty("currency").GetString()!),
                ParentPaymentId = t.TryGetProperty("parent_id", out var parent) && parent.ValueKind == JsonValueKind.Number ? Raw(parent) : string.Empty,
                OccurredAt = Time(t.GetProperty("created_at")),
            });

    public static Shipment ShopifyFulfillment(JsonElement fulfillment)
    {
        var shipment = new Shipment
        {
            ShipmentId = Raw(fulfillment.GetProperty("id")),
            LocationId = Raw(fulfillment.GetProperty("location_id")),
            TrackingCompany = Text(fulfillment, "tracking_company"),
            OccurredAt = Time(fulfillment.GetProperty("created_at")),
        };
        shipment.TrackingNumbers.AddRange(Items(fulfillment, "tracking_numbers").Select(n => n.GetString()!));
        shipment.TrackingUrls.AddRange(Items(fulfillment, "tracking_urls").Select(n => n.GetString()!));
        shipment.Lines.AddRange(Items(fulfillment, "line_items").Select(l => new ShipmentLine
        {
            ExternalLineId = Raw(l.GetProperty("id")),
            Quantity = l.GetProperty("quantity").GetInt64(),
        }));
        return shipment;
    }

    /// <summary>
    /// A refund. Shipping comes from the "shipping_refund" order adjustments (their amount is the negative of the
    /// shipping refunded; refund_shipping_lines repeat the same money and are not added again); other adjustments
    /// ("refund_discrepancy": positive means less money went back) become signed adjustments.
    /// </summary>
    public static Refund ShopifyRefund(JsonElement refund, string currency)
    {
        var result = new Refund
        {
            RefundId = Raw(refund.GetProperty("id")),
            Note = Text(refund, "note"),
            OccurredAt = Time(refund.GetProperty("created_at")),
        };
        foreach (var item in Items(refund, "refund_line_items"))
        {
            result.Lines.Add(new RefundLine
            {
                ExternalLineId = Raw(item.GetProperty("line_item_id")),
                Quantity = item.GetProperty("quantity").GetInt64(),
                RestockType = Text(item, "restock_type") switch
                {
                    "no_restock" => RestockType.NoRestock,
                    "cancel" => RestockType.Cancel,
                    "return" => RestockType.Return,
                    "legacy_restock" => RestockType.LegacyRestock,
                    var other => throw new InvalidOperationException($"unmapped restock type {other}"),
                },
                LocationId = item.GetProperty("location_id").ValueKind == JsonValueKind.Number ? Raw(item.GetProperty("location_id")) : string.Empty,
                // JSON numbers in Shopify's body (195.66): read as text, never as a double.
                Subtotal = Money(item.GetProperty("subtotal"), currency),
                TotalTax = Money(item.GetProperty("total_tax"), currency),
            });
        }

        var shipping = 0m;
        var shippingTax = 0m;
        foreach (var adjustment in Items(refund, "order_adjustments"))
        {
            if (Text(adjustment, "kind") == "shipping_refund")
            {
                shipping -= Decimal(adjustment.GetProperty("amount"));
                shippingTax -= Decimal(adjustment.GetProperty("tax_amount"));
            }
            else
            {
                result.Adjustments.Add(new RefundAdjustment
                {
                    Kind = Text(adjustment, "kind"),
                    Amount = (-Decimal(adjustment.GetProperty("amount"))).ToMoney(currency),
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
            .Select(t => new RefundTransaction { TransactionId = Raw(t.GetProperty("id")), Gateway = Text(t, "gateway"), Amount = Money(t.GetProperty("amount"), currency) }));
        return result;
    }

    public static WireOrder WooOrder(JsonElement order, string channel)
    {
        var currency = order.GetProperty("currency").GetString()!;
        var labels = Items(order, "tax_lines").ToDictionary(t => Raw(t.GetProperty("rate_id")), t => Text(t, "label"), StringComparer.Ordinal);
        var result = new WireOrder
        {
            Channel = channel,
            ExternalOrderId = Raw(order.GetProperty("id")),
            OrderNumber = Text(order, "number"),
            CurrencyCode = currency,
            TaxesIncluded = order.GetProperty("prices_include_tax").GetBoolean(),
            CustomerReference = order.GetProperty("customer_id").GetInt64() != 0
                ? Raw(order.GetProperty("customer_id"))
                : order.GetProperty("billing").GetProperty("email").GetString()!,
            // *_gmt fields carry no offset; they are UTC.
            PlacedAt = Time(order.GetProperty("date_created_gmt").GetString() + "Z"),
            ChannelUpdatedAt = Time(order.GetProperty("date_modified_gmt").GetString() + "Z"),
            Totals = new OrderTotals
            {
                TotalDiscounts = Amount(order, "discount_total", currency),
                TotalShipping = Amount(order, "shipping_total", currency),
                TotalTax = Amount(order, "total_tax", currency),
                Total = Amount(order, "total", currency),
            },
        };
        foreach (var item in Items(order, "line_items"))
        {
            var quantity = item.GetProperty("quantity").GetInt64();
            var subtotal = Decimal(item.GetProperty("subtotal"));
            var line = new OrderLine
            {
                ExternalLineId = Raw(item.GetProperty("id")),
                Sku = Text(item, "sku"),
                Title = Text(item, "name"),
                Quantity = quantity,
                UnitPrice = (subtotal / quantity).ToMoney(currency),
                // subtotal is before coupons, total after: the difference is the line's discount.
                TotalDiscount = (subtotal - Decimal(item.GetProperty("total"))).ToMoney(currency),
            };
            // WooCommerce names the rate by id; it sends no rate, so none is invented here.
            line.TaxLines.AddRange(Items(item, "taxes").Select(t => new TaxLine
            {
                Title = labels.GetValueOrDefault(Raw(t.GetProperty("id")), "tax " + Raw(t.GetProperty("id"))),
                Amount = Money(t.GetProperty("total"), currency),
            }));
            result.Lines.Add(line);
        }

        foreach (var item in Items(order, "shipping_lines"))
        {
            var shipping = new ShippingLine { Title = Text(item, "method_title"), Price = Money(item.GetProperty("total"), currency) };
            shipping.TaxLines.AddRange(Items(item, "taxes").Select(t => new TaxLine
            {
                Title = labels.GetValueOrDefault(Raw(t.GetProperty("id")), "tax"),
                Amount = Money(t.GetProperty("total"), currency),
            }));
            result.ShippingLines.Add(shipping);
        }

        return result;
    }

    public static Refund WooRefund(JsonElement refund, string currency)
    {
        var result = new Refund
        {
            RefundId = Raw(refund.GetProperty("id")),
            Note = Text(refund, "reason"),
            OccurredAt = Time(refund.GetProperty("date_created_gmt").GetString() + "Z"),
        };
        // A WooCommerce refund is an amount (line_items name what it covers, empty here); no transaction id is given.
        result.Transactions.Add(new RefundTransaction { TransactionId = "woo-refund-" + result.RefundId, Amount = Money(refund.GetProperty("amount"), currency) });
        return result;
    }

    private static IEnumerable<TaxLine> ShopifyTaxes(JsonElement owner, string currency) =>
        Items(owner, "tax_lines").Select(t => new TaxLine
        {
            Title = Text(t, "title"),
            // "rate": 0.06 is a JSON float: its text is the rate.
            Rate = Raw(t.GetProperty("rate")),
            Amount = Money(t.GetProperty("price"), currency),
        });

    private static IEnumerable<JsonElement> Items(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static string Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    /// <summary>The token's own text: "450789469" for a number, the content for a string.</summary>
    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static decimal Decimal(JsonElement value) => decimal.Parse(Raw(value), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static WireMoney Money(JsonElement value, string currency)
    {
        // "0.9" is 0.90: the amount is exact; precision checks are the service's.
        var amount = Decimal(value);
        var digits = Currencies.MinorUnit(currency) ?? 2;
        return (decimal.Round(amount, digits) == amount ? amount : throw new InvalidOperationException($"{amount} has more than {digits} decimals")).ToMoney(currency);
    }

    private static WireMoney? Amount(JsonElement owner, string name, string currency) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Money(value, currency) : null;

    private static Timestamp Time(JsonElement value) => Time(value.GetString()!);

    private static Timestamp Time(string value) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(value, CultureInfo.InvariantCulture));
}
