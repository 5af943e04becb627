using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;
using Integration.Contracts.Events.V1;

namespace Integration.Ledger.Postings.FactJson;

/// <summary>
/// An order fact as <c>JsonFormatter.Default.Format</c> writes it (the data each fact keeps on its order for
/// reconciliation), the same text without the formatter's reflection, boxing and TextWriter: it allocated ~3 KB per fact.
/// Strings with a character the formatter escapes (quotes, backslashes, &lt; &gt;, control and non-ASCII characters)
/// and out-of-range timestamps go to the formatter itself. Held to the formatter by <c>OrderFactJsonProperties</c>.
/// </summary>
public static class OrderFactFormat
{
    [ThreadStatic]
    private static StringBuilder? _buffer;

    public static string Format(IMessage message)
    {
        var text = _buffer ??= new StringBuilder(1024);
        text.Clear();
        var ok = message switch
        {
            OrderPlaced m => Placed(text, m),
            OrderPaid m => Paid(text, m),
            OrderShipped m => Shipped(text, m),
            OrderRefunded m => Refunded(text, m),
            OrderCancelled m => Cancelled(text, m),
            _ => false,
        };
        var result = ok ? text.ToString() : JsonFormatter.Default.Format(message);
        if (text.Capacity > 16 * 1024)
        {
            // One unusually large fact must not keep a large buffer per thread.
            _buffer = null;
        }

        return result;
    }

    private static bool Placed(StringBuilder text, OrderPlaced m)
    {
        var w = new Fields(text);
        return w.String("orderId", m.OrderId) && w.String("channel", m.Channel) && w.String("externalOrderId", m.ExternalOrderId)
            && w.String("orderNumber", m.OrderNumber) && w.String("currencyCode", m.CurrencyCode)
            && w.List("lines", m.Lines, PlacedLine) && w.Time("placedAt", m.PlacedAt) && w.Time("occurredAt", m.OccurredAt)
            && w.Bool("taxesIncluded", m.TaxesIncluded) && w.List("shippingLines", m.ShippingLines, ShippingLine)
            && w.Money("total", m.Total) && w.Money("totalTax", m.TotalTax) && w.String("presentmentCurrencyCode", m.PresentmentCurrencyCode)
            && w.End();
    }

    private static bool PlacedLine(StringBuilder text, PlacedLine m)
    {
        var w = new Fields(text);
        return w.String("lineId", m.LineId) && w.String("sku", m.Sku) && w.Int64("quantity", m.Quantity) && w.Money("unitPrice", m.UnitPrice)
            && w.Money("totalDiscount", m.TotalDiscount) && w.List("taxLines", m.TaxLines, TaxLine) && w.String("title", m.Title) && w.End();
    }

    private static bool TaxLine(StringBuilder text, OrderTaxLine m)
    {
        var w = new Fields(text);
        return w.String("title", m.Title) && w.String("rate", m.Rate) && w.Money("amount", m.Amount) && w.End();
    }

    private static bool ShippingLine(StringBuilder text, PlacedShippingLine m)
    {
        var w = new Fields(text);
        return w.String("title", m.Title) && w.Money("price", m.Price) && w.Money("discount", m.Discount) && w.List("taxLines", m.TaxLines, TaxLine) && w.End();
    }

    private static bool Paid(StringBuilder text, OrderPaid m)
    {
        var w = new Fields(text);
        return w.String("orderId", m.OrderId) && w.String("paymentId", m.PaymentId) && w.String("gateway", m.Gateway) && w.Money("amount", m.Amount)
            && w.Time("occurredAt", m.OccurredAt) && w.String("kind", m.Kind) && w.Money("capturedTotal", m.CapturedTotal) && w.End();
    }

    private static bool Shipped(StringBuilder text, OrderShipped m)
    {
        var w = new Fields(text);
        return w.String("orderId", m.OrderId) && w.String("shipmentId", m.ShipmentId) && w.String("locationId", m.LocationId)
            && w.List("lines", m.Lines, ShippedLine) && w.Time("occurredAt", m.OccurredAt) && w.String("trackingCompany", m.TrackingCompany)
            && w.List("trackingNumbers", m.TrackingNumbers, Quoted) && w.End();
    }

    private static bool ShippedLine(StringBuilder text, ShippedLine m)
    {
        var w = new Fields(text);
        return w.String("lineId", m.LineId) && w.String("sku", m.Sku) && w.Int64("quantity", m.Quantity) && w.End();
    }

    private static bool Refunded(StringBuilder text, OrderRefunded m)
    {
        var w = new Fields(text);
        return w.String("orderId", m.OrderId) && w.String("refundId", m.RefundId) && w.Money("amount", m.Amount) && w.List("lines", m.Lines, RefundedLine)
            && w.Money("shippingRefunded", m.ShippingRefunded) && w.Time("occurredAt", m.OccurredAt) && w.Money("shippingTax", m.ShippingTax)
            && w.Money("adjustments", m.Adjustments) && w.List("transactions", m.Transactions, Transaction) && w.Bool("cancellation", m.Cancellation)
            && w.End();
    }

    private static bool RefundedLine(StringBuilder text, RefundedLine m)
    {
        var w = new Fields(text);
        return w.String("lineId", m.LineId) && w.String("sku", m.Sku) && w.Int64("quantity", m.Quantity) && w.String("restockType", m.RestockType)
            && w.String("locationId", m.LocationId) && w.Money("subtotal", m.Subtotal) && w.Money("totalTax", m.TotalTax) && w.End();
    }

    private static bool Transaction(StringBuilder text, RefundedTransaction m)
    {
        var w = new Fields(text);
        return w.String("transactionId", m.TransactionId) && w.String("gateway", m.Gateway) && w.Money("amount", m.Amount) && w.End();
    }

    private static bool Cancelled(StringBuilder text, OrderCancelled m)
    {
        var w = new Fields(text);
        return w.String("orderId", m.OrderId) && w.String("reason", m.Reason) && w.Time("occurredAt", m.OccurredAt) && w.String("refundId", m.RefundId) && w.End();
    }

    private static bool MoneyValue(StringBuilder text, Money m)
    {
        var w = new Fields(text);
        return w.String("currencyCode", m.CurrencyCode) && w.Int64("units", m.Units) && w.Int32("nanos", m.Nanos) && w.End();
    }

    private static bool Quoted(StringBuilder text, string value)
    {
        // A list item is written even when empty (only fields with default values are left out).
        if (!Safe(value))
        {
            return false;
        }

        text.Append('"').Append(value).Append('"');
        return true;
    }

    /// <summary>Written as is by the formatter: printable ASCII without " \ &lt; &gt; (which it escapes).</summary>
    private static bool Safe(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\' or '<' or '>')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One object's fields in field-number order, defaults left out: "{ " name ": " value (", " …) " }", or "{ }".</summary>
    private ref struct Fields(StringBuilder text)
    {
        private bool _any;

        private void Name(string name)
        {
            text.Append(_any ? ", \"" : "{ \"").Append(name).Append("\": ");
            _any = true;
        }

        public bool End()
        {
            text.Append(_any ? " }" : "{ }");
            return true;
        }

        public bool String(string name, string value)
        {
            if (value.Length == 0)
            {
                return true;
            }

            Name(name);
            return Quoted(text, value);
        }

        public bool Int64(string name, long value)
        {
            if (value != 0)
            {
                Name(name);
                text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
            }

            return true;
        }

        public bool Int32(string name, int value)
        {
            if (value != 0)
            {
                Name(name);
                text.Append(value.ToString(CultureInfo.InvariantCulture));
            }

            return true;
        }

        public bool Bool(string name, bool value)
        {
            if (value)
            {
                Name(name);
                text.Append("true");
            }

            return true;
        }

        public bool Money(string name, Money? value)
        {
            if (value is null)
            {
                return true;
            }

            Name(name);
            return MoneyValue(text, value);
        }

        public bool List<T>(string name, IReadOnlyList<T> items, Func<StringBuilder, T, bool> write)
        {
            if (items.Count == 0)
            {
                return true;
            }

            Name(name);
            text.Append("[ ");
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(", ");
                }

                if (!write(text, items[i]))
                {
                    return false;
                }
            }

            text.Append(" ]");
            return true;
        }

        /// <summary>RFC 3339 UTC with 0, 3, 6 or 9 fraction digits, as the formatter writes a Timestamp; anything out of its range goes to the formatter.</summary>
        public bool Time(string name, Timestamp? value)
        {
            if (value is null)
            {
                return true;
            }

            if (value.Seconds is < -62_135_596_800 or > 253_402_300_799 || value.Nanos is < 0 or > 999_999_999)
            {
                return false;
            }

            Name(name);
            var at = DateTime.UnixEpoch.AddTicks(value.Seconds * TimeSpan.TicksPerSecond);
            text.Append('"').Append(at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
            var nanos = value.Nanos;
            if (nanos != 0)
            {
                text.Append(nanos % 1_000_000 == 0 ? (nanos / 1_000_000).ToString("'.'000", CultureInfo.InvariantCulture)
                    : nanos % 1_000 == 0 ? (nanos / 1_000).ToString("'.'000000", CultureInfo.InvariantCulture)
                    : nanos.ToString("'.'000000000", CultureInfo.InvariantCulture));
            }

            text.Append("Z\"");
            return true;
        }
    }
}
