using System.Text.Json;
using Integration.Contracts.Events.V1;

namespace Integration.Ledger.Postings.FactJson;

/// <summary>The order facts' fields (order_events.proto), each by its proto name and its JSON name.</summary>
public static partial class OrderFactJson
{
    private static readonly byte[][] PlacedNames = Names(
        "order_id", "orderId", "channel", "channel", "external_order_id", "externalOrderId", "order_number", "orderNumber",
        "currency_code", "currencyCode", "lines", "lines", "placed_at", "placedAt", "occurred_at", "occurredAt",
        "taxes_included", "taxesIncluded", "shipping_lines", "shippingLines", "total", "total", "total_tax", "totalTax",
        "presentment_currency_code", "presentmentCurrencyCode");

    private static readonly byte[][] PlacedLineNames = Names(
        "line_id", "lineId", "sku", "sku", "quantity", "quantity", "unit_price", "unitPrice", "total_discount", "totalDiscount",
        "tax_lines", "taxLines", "title", "title");

    private static readonly byte[][] TaxLineNames = Names("title", "title", "rate", "rate", "amount", "amount");

    private static readonly byte[][] ShippingLineNames = Names("title", "title", "price", "price", "discount", "discount", "tax_lines", "taxLines");

    private static readonly byte[][] PaidNames = Names(
        "order_id", "orderId", "payment_id", "paymentId", "gateway", "gateway", "amount", "amount", "occurred_at", "occurredAt",
        "kind", "kind", "captured_total", "capturedTotal");

    private static readonly byte[][] ShippedNames = Names(
        "order_id", "orderId", "shipment_id", "shipmentId", "location_id", "locationId", "lines", "lines", "occurred_at", "occurredAt",
        "tracking_company", "trackingCompany", "tracking_numbers", "trackingNumbers");

    private static readonly byte[][] ShippedLineNames = Names("line_id", "lineId", "sku", "sku", "quantity", "quantity");

    private static readonly byte[][] RefundedNames = Names(
        "order_id", "orderId", "refund_id", "refundId", "amount", "amount", "lines", "lines", "shipping_refunded", "shippingRefunded",
        "occurred_at", "occurredAt", "shipping_tax", "shippingTax", "adjustments", "adjustments", "transactions", "transactions",
        "cancellation", "cancellation");

    private static readonly byte[][] RefundedLineNames = Names(
        "line_id", "lineId", "sku", "sku", "quantity", "quantity", "restock_type", "restockType", "location_id", "locationId",
        "subtotal", "subtotal", "total_tax", "totalTax");

    private static readonly byte[][] TransactionNames = Names("transaction_id", "transactionId", "gateway", "gateway", "amount", "amount");

    private static readonly byte[][] CancelledNames = Names(
        "order_id", "orderId", "reason", "reason", "occurred_at", "occurredAt", "refund_id", "refundId");

    private static bool ReadPlaced(ref Utf8JsonReader reader, OrderPlaced m)
    {
        Object(ref reader);
        var seen = 0;
        while (Next(ref reader, PlacedNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: m.OrderId = String(ref reader); break;
                case 1: m.Channel = String(ref reader); break;
                case 2: m.ExternalOrderId = String(ref reader); break;
                case 3: m.OrderNumber = String(ref reader); break;
                case 4: m.CurrencyCode = String(ref reader); break;
                case 5:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.Lines.Add(PlacedLine(ref reader));
                    }

                    break;
                case 6: m.PlacedAt = Timestamp(ref reader); break;
                case 7: m.OccurredAt = Timestamp(ref reader); break;
                case 8: m.TaxesIncluded = Bool(ref reader); break;
                case 9:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.ShippingLines.Add(ShippingLine(ref reader));
                    }

                    break;
                case 10: m.Total = Money(ref reader); break;
                case 11: m.TotalTax = Money(ref reader); break;
                default: m.PresentmentCurrencyCode = String(ref reader); break;
            }
        }

        return true;
    }

    private static PlacedLine PlacedLine(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var line = new PlacedLine();
        var seen = 0;
        while (Next(ref reader, PlacedLineNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: line.LineId = String(ref reader); break;
                case 1: line.Sku = String(ref reader); break;
                case 2: line.Quantity = Int64(ref reader); break;
                case 3: line.UnitPrice = Money(ref reader); break;
                case 4: line.TotalDiscount = Money(ref reader); break;
                case 5:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        line.TaxLines.Add(TaxLine(ref reader));
                    }

                    break;
                default: line.Title = String(ref reader); break;
            }
        }

        return line;
    }

    private static OrderTaxLine TaxLine(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var tax = new OrderTaxLine();
        var seen = 0;
        while (Next(ref reader, TaxLineNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: tax.Title = String(ref reader); break;
                case 1: tax.Rate = String(ref reader); break;
                default: tax.Amount = Money(ref reader); break;
            }
        }

        return tax;
    }

    private static PlacedShippingLine ShippingLine(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var line = new PlacedShippingLine();
        var seen = 0;
        while (Next(ref reader, ShippingLineNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: line.Title = String(ref reader); break;
                case 1: line.Price = Money(ref reader); break;
                case 2: line.Discount = Money(ref reader); break;
                default:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        line.TaxLines.Add(TaxLine(ref reader));
                    }

                    break;
            }
        }

        return line;
    }

    private static bool ReadPaid(ref Utf8JsonReader reader, OrderPaid m)
    {
        Object(ref reader);
        var seen = 0;
        while (Next(ref reader, PaidNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: m.OrderId = String(ref reader); break;
                case 1: m.PaymentId = String(ref reader); break;
                case 2: m.Gateway = String(ref reader); break;
                case 3: m.Amount = Money(ref reader); break;
                case 4: m.OccurredAt = Timestamp(ref reader); break;
                case 5: m.Kind = String(ref reader); break;
                default: m.CapturedTotal = Money(ref reader); break;
            }
        }

        return true;
    }

    private static bool ReadShipped(ref Utf8JsonReader reader, OrderShipped m)
    {
        Object(ref reader);
        var seen = 0;
        while (Next(ref reader, ShippedNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: m.OrderId = String(ref reader); break;
                case 1: m.ShipmentId = String(ref reader); break;
                case 2: m.LocationId = String(ref reader); break;
                case 3:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.Lines.Add(ShippedLine(ref reader));
                    }

                    break;
                case 4: m.OccurredAt = Timestamp(ref reader); break;
                case 5: m.TrackingCompany = String(ref reader); break;
                default:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.TrackingNumbers.Add(String(ref reader));
                    }

                    break;
            }
        }

        return true;
    }

    private static ShippedLine ShippedLine(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var line = new ShippedLine();
        var seen = 0;
        while (Next(ref reader, ShippedLineNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: line.LineId = String(ref reader); break;
                case 1: line.Sku = String(ref reader); break;
                default: line.Quantity = Int64(ref reader); break;
            }
        }

        return line;
    }

    private static bool ReadRefunded(ref Utf8JsonReader reader, OrderRefunded m)
    {
        Object(ref reader);
        var seen = 0;
        while (Next(ref reader, RefundedNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: m.OrderId = String(ref reader); break;
                case 1: m.RefundId = String(ref reader); break;
                case 2: m.Amount = Money(ref reader); break;
                case 3:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.Lines.Add(RefundedLine(ref reader));
                    }

                    break;
                case 4: m.ShippingRefunded = Money(ref reader); break;
                case 5: m.OccurredAt = Timestamp(ref reader); break;
                case 6: m.ShippingTax = Money(ref reader); break;
                case 7: m.Adjustments = Money(ref reader); break;
                case 8:
                    Array(ref reader);
                    while (Item(ref reader))
                    {
                        m.Transactions.Add(Transaction(ref reader));
                    }

                    break;
                default: m.Cancellation = Bool(ref reader); break;
            }
        }

        return true;
    }

    private static RefundedLine RefundedLine(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var line = new RefundedLine();
        var seen = 0;
        while (Next(ref reader, RefundedLineNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: line.LineId = String(ref reader); break;
                case 1: line.Sku = String(ref reader); break;
                case 2: line.Quantity = Int64(ref reader); break;
                case 3: line.RestockType = String(ref reader); break;
                case 4: line.LocationId = String(ref reader); break;
                case 5: line.Subtotal = Money(ref reader); break;
                default: line.TotalTax = Money(ref reader); break;
            }
        }

        return line;
    }

    private static RefundedTransaction Transaction(ref Utf8JsonReader reader)
    {
        Object(ref reader);
        var transaction = new RefundedTransaction();
        var seen = 0;
        while (Next(ref reader, TransactionNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: transaction.TransactionId = String(ref reader); break;
                case 1: transaction.Gateway = String(ref reader); break;
                default: transaction.Amount = Money(ref reader); break;
            }
        }

        return transaction;
    }

    private static bool ReadCancelled(ref Utf8JsonReader reader, OrderCancelled m)
    {
        Object(ref reader);
        var seen = 0;
        while (Next(ref reader, CancelledNames, ref seen, out var field))
        {
            switch (field)
            {
                case 0: m.OrderId = String(ref reader); break;
                case 1: m.Reason = String(ref reader); break;
                case 2: m.OccurredAt = Timestamp(ref reader); break;
                default: m.RefundId = String(ref reader); break;
            }
        }

        return true;
    }
}
