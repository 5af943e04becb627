using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Money = Integration.Contracts.Common.V1.Money;

namespace Integration.Order.Events;

/// <summary>
/// OrderPlaced's outbox JSON, written field by field: exactly the text <see cref="EventJson.Format"/> gives (protobuf JSON,
/// proto field names, defaults left out), at a fraction of the cost. The reflection-driven formatter was the largest
/// single item of IngestOrder's own work (dotnet-trace). Any string with a character outside a plain ASCII set (where
/// escaping rules could differ) makes it fall back to <see cref="EventJson.Format"/>, so the result never differs; a
/// property test compares the two on random events.
/// </summary>
public static class OrderPlacedJson
{
    private const string PlainPunctuation = " -_.,:;/#@+()*!?%$~[]{}|^";

    // The range protobuf accepts for a Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static string Format(OrderPlaced placed)
    {
        ArgumentNullException.ThrowIfNull(placed);
        var writer = new Writer();
        writer.Placed(placed);
        return writer.Plain ? writer.ToString() : EventJson.Format(placed);
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new(2048);

        /// <summary>False once a value needs escaping or is out of range: the caller then uses the protobuf formatter.</summary>
        public bool Plain { get; private set; } = true;

        public override string ToString() => _text.ToString();

        public void Placed(OrderPlaced e)
        {
            var first = true;
            String(ref first, "order_id", e.OrderId);
            String(ref first, "channel", e.Channel);
            String(ref first, "external_order_id", e.ExternalOrderId);
            String(ref first, "order_number", e.OrderNumber);
            String(ref first, "currency_code", e.CurrencyCode);
            if (e.Lines.Count > 0)
            {
                Name(ref first, "lines");
                List(e.Lines, Line);
            }

            Time(ref first, "placed_at", e.PlacedAt);
            Time(ref first, "occurred_at", e.OccurredAt);
            Bool(ref first, "taxes_included", e.TaxesIncluded);
            if (e.ShippingLines.Count > 0)
            {
                Name(ref first, "shipping_lines");
                List(e.ShippingLines, Shipping);
            }

            Amount(ref first, "total", e.Total);
            Amount(ref first, "total_tax", e.TotalTax);
            String(ref first, "presentment_currency_code", e.PresentmentCurrencyCode);
            Close(first);
        }

        private void Line(PlacedLine l)
        {
            var first = true;
            String(ref first, "line_id", l.LineId);
            String(ref first, "sku", l.Sku);
            Int64(ref first, "quantity", l.Quantity);
            Amount(ref first, "unit_price", l.UnitPrice);
            Amount(ref first, "total_discount", l.TotalDiscount);
            if (l.TaxLines.Count > 0)
            {
                Name(ref first, "tax_lines");
                List(l.TaxLines, Tax);
            }

            String(ref first, "title", l.Title);
            Close(first);
        }

        private void Shipping(PlacedShippingLine s)
        {
            var first = true;
            String(ref first, "title", s.Title);
            Amount(ref first, "price", s.Price);
            Amount(ref first, "discount", s.Discount);
            if (s.TaxLines.Count > 0)
            {
                Name(ref first, "tax_lines");
                List(s.TaxLines, Tax);
            }

            Close(first);
        }

        private void Tax(OrderTaxLine t)
        {
            var first = true;
            String(ref first, "title", t.Title);
            String(ref first, "rate", t.Rate);
            Amount(ref first, "amount", t.Amount);
            Close(first);
        }

        private void Amount(ref bool first, string name, Money? money)
        {
            if (money is null)
            {
                return;
            }

            Name(ref first, name);
            var inner = true;
            String(ref inner, "currency_code", money.CurrencyCode);
            Int64(ref inner, "units", money.Units);
            if (money.Nanos != 0)
            {
                Name(ref inner, "nanos");
                _text.Append(money.Nanos.ToString(CultureInfo.InvariantCulture));
            }

            Close(inner);
        }

        private void List<T>(IReadOnlyList<T> items, Action<T> write)
        {
            _text.Append("[ ");
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(", ");
                }

                write(items[i]);
            }

            _text.Append(" ]");
        }

        private void String(ref bool first, string name, string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            foreach (var c in value)
            {
                if (!char.IsAsciiLetterOrDigit(c) && !PlainPunctuation.Contains(c, StringComparison.Ordinal))
                {
                    Plain = false;
                    return;
                }
            }

            Name(ref first, name);
            _text.Append('"').Append(value).Append('"');
        }

        // int64 is a JSON string in protobuf JSON.
        private void Int64(ref bool first, string name, long value)
        {
            if (value != 0)
            {
                Name(ref first, name);
                _text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
            }
        }

        private void Bool(ref bool first, string name, bool value)
        {
            if (value)
            {
                Name(ref first, name);
                _text.Append("true");
            }
        }

        // RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protobuf writes a Timestamp.
        private void Time(ref bool first, string name, Timestamp? time)
        {
            if (time is null)
            {
                return;
            }

            if (time.Nanos is < 0 or > 999_999_999 || time.Seconds is < MinSeconds or > MaxSeconds)
            {
                Plain = false;
                return;
            }

            Name(ref first, name);
            var at = DateTime.UnixEpoch.AddSeconds(time.Seconds);
            _text.Append('"').Append(at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
            var nanos = time.Nanos;
            if (nanos != 0)
            {
                _text.Append('.');
                _text.Append(nanos % 1_000_000 == 0 ? (nanos / 1_000_000).ToString("d3", CultureInfo.InvariantCulture)
                    : nanos % 1_000 == 0 ? (nanos / 1_000).ToString("d6", CultureInfo.InvariantCulture)
                    : nanos.ToString("d9", CultureInfo.InvariantCulture));
            }

            _text.Append("Z\"");
        }

        private void Name(ref bool first, string name)
        {
            _text.Append(first ? "{ \"" : ", \"").Append(name).Append("\": ");
            first = false;
        }

        private void Close(bool first) => _text.Append(first ? "{ }" : " }");
    }
}
