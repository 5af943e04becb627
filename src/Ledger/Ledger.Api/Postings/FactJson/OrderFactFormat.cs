using System.Text;
using Google.Protobuf;
using Integration.Contracts.Common.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;

namespace Integration.Ledger.Postings.FactJson;

/// <summary>
/// An order fact as <c>JsonFormatter.Default.Format</c> writes it (the data each fact keeps on its order for
/// reconciliation: JSON names, not proto names), the same text without the formatter's reflection, boxing and
/// TextWriter: it allocated ~3 KB per fact. Written with Messaging's <see cref="ProtobufJsonObject"/>, which leaves
/// strings that need escaping and out-of-range timestamps to the formatter itself. Held to the formatter by
/// <c>OrderFactJsonProperties</c>.
/// </summary>
public static class OrderFactFormat
{
    [ThreadStatic]
    private static StringBuilder? _buffer;

    public static string Format(IMessage message)
    {
        var text = _buffer ??= new StringBuilder(1024);
        text.Clear();
        switch (message)
        {
            case OrderPlaced m: Placed(text, m); break;
            case OrderPaid m: Paid(text, m); break;
            case OrderShipped m: Shipped(text, m); break;
            case OrderRefunded m: Refunded(text, m); break;
            case OrderCancelled m: Cancelled(text, m); break;
            default: return JsonFormatter.Default.Format(message);
        }

        var result = text.ToString();
        if (text.Capacity > 16 * 1024)
        {
            // One unusually large fact must not keep a large buffer per thread.
            _buffer = null;
        }

        return result;
    }

    private static void Placed(StringBuilder text, OrderPlaced m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("orderId", m.OrderId);
        w.StringField("channel", m.Channel);
        w.StringField("externalOrderId", m.ExternalOrderId);
        w.StringField("orderNumber", m.OrderNumber);
        w.StringField("currencyCode", m.CurrencyCode);
        w.List("lines", m.Lines, PlacedLine);
        w.TimestampField("placedAt", m.PlacedAt);
        w.TimestampField("occurredAt", m.OccurredAt);
        w.BoolField("taxesIncluded", m.TaxesIncluded);
        w.List("shippingLines", m.ShippingLines, ShippingLine);
        w.MessageField("total", m.Total, Money);
        w.MessageField("totalTax", m.TotalTax, Money);
        w.StringField("presentmentCurrencyCode", m.PresentmentCurrencyCode);
        w.End();
    }

    private static void PlacedLine(StringBuilder text, PlacedLine m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("lineId", m.LineId);
        w.StringField("sku", m.Sku);
        w.Int64Field("quantity", m.Quantity);
        w.MessageField("unitPrice", m.UnitPrice, Money);
        w.MessageField("totalDiscount", m.TotalDiscount, Money);
        w.List("taxLines", m.TaxLines, TaxLine);
        w.StringField("title", m.Title);
        w.End();
    }

    private static void TaxLine(StringBuilder text, OrderTaxLine m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("title", m.Title);
        w.StringField("rate", m.Rate);
        w.MessageField("amount", m.Amount, Money);
        w.End();
    }

    private static void ShippingLine(StringBuilder text, PlacedShippingLine m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("title", m.Title);
        w.MessageField("price", m.Price, Money);
        w.MessageField("discount", m.Discount, Money);
        w.List("taxLines", m.TaxLines, TaxLine);
        w.End();
    }

    private static void Paid(StringBuilder text, OrderPaid m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("orderId", m.OrderId);
        w.StringField("paymentId", m.PaymentId);
        w.StringField("gateway", m.Gateway);
        w.MessageField("amount", m.Amount, Money);
        w.TimestampField("occurredAt", m.OccurredAt);
        w.StringField("kind", m.Kind);
        w.MessageField("capturedTotal", m.CapturedTotal, Money);
        w.End();
    }

    private static void Shipped(StringBuilder text, OrderShipped m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("orderId", m.OrderId);
        w.StringField("shipmentId", m.ShipmentId);
        w.StringField("locationId", m.LocationId);
        w.List("lines", m.Lines, ShippedLine);
        w.TimestampField("occurredAt", m.OccurredAt);
        w.StringField("trackingCompany", m.TrackingCompany);
        w.List("trackingNumbers", m.TrackingNumbers, ProtobufJson.Quoted);
        w.End();
    }

    private static void ShippedLine(StringBuilder text, ShippedLine m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("lineId", m.LineId);
        w.StringField("sku", m.Sku);
        w.Int64Field("quantity", m.Quantity);
        w.End();
    }

    private static void Refunded(StringBuilder text, OrderRefunded m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("orderId", m.OrderId);
        w.StringField("refundId", m.RefundId);
        w.MessageField("amount", m.Amount, Money);
        w.List("lines", m.Lines, RefundedLine);
        w.MessageField("shippingRefunded", m.ShippingRefunded, Money);
        w.TimestampField("occurredAt", m.OccurredAt);
        w.MessageField("shippingTax", m.ShippingTax, Money);
        w.MessageField("adjustments", m.Adjustments, Money);
        w.List("transactions", m.Transactions, Transaction);
        w.BoolField("cancellation", m.Cancellation);
        w.End();
    }

    private static void RefundedLine(StringBuilder text, RefundedLine m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("lineId", m.LineId);
        w.StringField("sku", m.Sku);
        w.Int64Field("quantity", m.Quantity);
        w.StringField("restockType", m.RestockType);
        w.StringField("locationId", m.LocationId);
        w.MessageField("subtotal", m.Subtotal, Money);
        w.MessageField("totalTax", m.TotalTax, Money);
        w.End();
    }

    private static void Transaction(StringBuilder text, RefundedTransaction m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("transactionId", m.TransactionId);
        w.StringField("gateway", m.Gateway);
        w.MessageField("amount", m.Amount, Money);
        w.End();
    }

    private static void Cancelled(StringBuilder text, OrderCancelled m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("orderId", m.OrderId);
        w.StringField("reason", m.Reason);
        w.TimestampField("occurredAt", m.OccurredAt);
        w.StringField("refundId", m.RefundId);
        w.End();
    }

    /// <summary>Money under its JSON names (<see cref="ProtobufJson.Money"/> writes the proto names).</summary>
    private static void Money(StringBuilder text, Money m)
    {
        var w = new ProtobufJsonObject(text);
        w.StringField("currencyCode", m.CurrencyCode);
        w.Int64Field("units", m.Units);
        w.Int32Field("nanos", m.Nanos);
        w.End();
    }
}
