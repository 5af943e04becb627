using System.Text.Json.Nodes;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;
using Integration.Contracts.Events.V1;
using Integration.Ledger.Postings.FactJson;
using Integration.Messaging.Events;

namespace Integration.Ledger.Tests.Postings;

/// <summary>
/// The order facts' own JSON reader gives JsonParser's message for every text: the forms our producers emit (proto field
/// names) and the Ledger stores (JSON names) are read by it, and any other form (numbers for int64, unknown fields,
/// nulls, offsets, duplicates…) either reads the same or falls back to JsonParser, which then decides.
/// </summary>
public sealed class OrderFactJsonProperties
{
    private static readonly JsonParser Lenient = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly Gen<string> Text = Gen.OneOf(
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", "é", "€", "😀", "<", "&", "'", "\u2028", "order", "VAT 19%")
        .Array[0, 5].Select(parts => string.Concat(parts));

    private static readonly Gen<long> Int64 = Gen.OneOf(Gen.Long, Gen.Long[-1_000, 1_000], Gen.OneOf(long.MinValue, long.MaxValue, 0L, (1L << 53) + 1));

    private static readonly Gen<Money?> Money = Gen.Frequency(
        (1, Gen.Const((Money?)null)),
        (4, Gen.Select(Text, Int64, Gen.OneOf(Gen.Int[-999_999_999, 999_999_999], Gen.Int[0, 99].Select(c => c * 10_000_000)),
            (currency, units, nanos) => (Money?)new Money { CurrencyCode = currency, Units = units, Nanos = nanos })));

    private static readonly Gen<Timestamp?> Time = Gen.Frequency(
        (1, Gen.Const((Timestamp?)null)),
        (4, Gen.Select(
            Gen.Long[-62_135_596_800, 253_402_300_799],
            Gen.OneOf(Gen.Const(0), Gen.Int[0, 999].Select(n => n * 1_000_000), Gen.Int[0, 999_999].Select(n => n * 1_000), Gen.Int[0, 999_999_999]),
            (seconds, nanos) => (Timestamp?)new Timestamp { Seconds = seconds, Nanos = nanos })));

    private static readonly Gen<OrderTaxLine> TaxLine = Gen.Select(Text, Text, Money, (title, rate, amount) => new OrderTaxLine { Title = title, Rate = rate, Amount = amount });

    private static readonly Gen<PlacedLine> PlacedLine = Gen.Select(Text, Text, Int64, Money, Money, TaxLine.Array[0, 3], Text,
        (id, sku, quantity, price, discount, taxes, title) =>
            new PlacedLine { LineId = id, Sku = sku, Quantity = quantity, UnitPrice = price, TotalDiscount = discount, TaxLines = { taxes }, Title = title });

    private static readonly Gen<PlacedShippingLine> ShippingLine = Gen.Select(Text, Money, Money, TaxLine.Array[0, 2],
        (title, price, discount, taxes) => new PlacedShippingLine { Title = title, Price = price, Discount = discount, TaxLines = { taxes } });

    private static readonly Gen<IMessage> Placed = Gen.Select(
        Gen.Select(Text, Text, Text, Text, Text, (id, channel, external, number, currency) => (id, channel, external, number, currency)),
        Gen.Select(PlacedLine.Array[0, 3], Time, Time, Gen.Bool, ShippingLine.Array[0, 2], (lines, placed, occurred, included, shipping) => (lines, placed, occurred, included, shipping)),
        Gen.Select(Money, Money, Text, (total, tax, presentment) => (total, tax, presentment)),
        (a, b, c) => (IMessage)new OrderPlaced
        {
            OrderId = a.id, Channel = a.channel, ExternalOrderId = a.external, OrderNumber = a.number, CurrencyCode = a.currency,
            Lines = { b.lines }, PlacedAt = b.placed, OccurredAt = b.occurred, TaxesIncluded = b.included, ShippingLines = { b.shipping },
            Total = c.total, TotalTax = c.tax, PresentmentCurrencyCode = c.presentment,
        });

    private static readonly Gen<IMessage> Paid = Gen.Select(Text, Text, Text, Money, Time, Text, Money,
        (id, payment, gateway, amount, at, kind, captured) =>
            (IMessage)new OrderPaid { OrderId = id, PaymentId = payment, Gateway = gateway, Amount = amount, OccurredAt = at, Kind = kind, CapturedTotal = captured });

    private static readonly Gen<IMessage> Shipped = Gen.Select(Text, Text, Text,
        Gen.Select(Text, Text, Int64, (id, sku, quantity) => new ShippedLine { LineId = id, Sku = sku, Quantity = quantity }).Array[0, 3], Time, Text, Text.Array[0, 2],
        (id, shipment, location, lines, at, company, numbers) => (IMessage)new OrderShipped
        {
            OrderId = id, ShipmentId = shipment, LocationId = location, Lines = { lines }, OccurredAt = at, TrackingCompany = company, TrackingNumbers = { numbers },
        });

    private static readonly Gen<IMessage> Refunded = Gen.Select(
        Gen.Select(Text, Text, Money, Money, Time, Money, Money, (id, refund, amount, shipping, at, shippingTax, adjustments) => (id, refund, amount, shipping, at, shippingTax, adjustments)),
        Gen.Select(Text, Text, Int64, Text, Text, Money, Money, (id, sku, quantity, restock, location, subtotal, tax) =>
            new RefundedLine { LineId = id, Sku = sku, Quantity = quantity, RestockType = restock, LocationId = location, Subtotal = subtotal, TotalTax = tax }).Array[0, 3],
        Gen.Select(Text, Text, Money, (id, gateway, amount) => new RefundedTransaction { TransactionId = id, Gateway = gateway, Amount = amount }).Array[0, 2],
        Gen.Bool,
        (a, lines, transactions, cancellation) => (IMessage)new OrderRefunded
        {
            OrderId = a.id, RefundId = a.refund, Amount = a.amount, ShippingRefunded = a.shipping, OccurredAt = a.at, ShippingTax = a.shippingTax,
            Adjustments = a.adjustments, Lines = { lines }, Transactions = { transactions }, Cancellation = cancellation,
        });

    private static readonly Gen<IMessage> Cancelled = Gen.Select(Text, Text, Time, Text,
        (id, reason, at, refund) => (IMessage)new OrderCancelled { OrderId = id, Reason = reason, OccurredAt = at, RefundId = refund });

    private static readonly Gen<IMessage> Facts = Gen.OneOf(Placed, Paid, Shipped, Refunded, Cancelled);

    [Fact]
    public void The_forms_producers_emit_and_the_Ledger_stores_are_read_here_as_JsonParser_reads_them()
    {
        Facts.Sample(evt =>
        {
            foreach (var json in new[] { EventJson.Format(evt), JsonFormatter.Default.Format(evt) })
            {
                var read = OrderFactJson.TryParse(json, evt.Descriptor);
                Assert.NotNull(read);
                Assert.Equal(Lenient.Parse(json, evt.Descriptor), read);
                Assert.Equal(evt, read);
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Any_other_form_reads_as_JsonParser_reads_it_or_falls_back_to_it()
    {
        Gen.Select(Facts, Gen.Bool, Gen.Int, (evt, camel, seed) => (evt, Mutate(camel ? JsonFormatter.Default.Format(evt) : EventJson.Format(evt), seed))).Sample(sample =>
        {
            var (evt, json) = sample;
            foreach (var parser in new[] { Lenient, JsonParser.Default })
            {
                var expected = Outcome(() => parser.Parse(json, evt.Descriptor));
                var actual = Outcome(() => OrderFactJson.Parse(json, evt.Descriptor, (text, descriptor) => parser.Parse(text, descriptor)));
                Assert.Equal(expected, actual);
            }
        }, iter: 3_000);
    }

    [Theory]
    [InlineData("""{"order_id":"O1","amount":{"units":9007199254740993}}""")] // beyond double precision: JsonParser rounds it
    [InlineData("""{"order_id":"O1","amount":{"units":"007"}}""")]
    [InlineData("""{"order_id":"O1","amount":{"units":1e3}}""")]
    [InlineData("""{"order_id":"O1","occurred_at":"2026-11-02T12:00:00+01:00"}""")]
    [InlineData("""{"order_id":"O1","occurred_at":"2026-13-02T12:00:00Z"}""")]
    [InlineData("""{"order_id":"O1","orderId":"O2"}""")]
    [InlineData("""{"order_id":null}""")]
    [InlineData("""{"order_id":"O1","new_field":{"x":[1,2]}}""")]
    [InlineData("""{"order_id":"O1"} trailing""")]
    [InlineData("""{"order_id":"O1",}""")]
    public void Unusual_texts_are_JsonParsers_to_decide(string json)
    {
        Assert.Null(OrderFactJson.TryParse(json, OrderPaid.Descriptor));
        Assert.Equal(
            Outcome(() => Lenient.Parse(json, OrderPaid.Descriptor)),
            Outcome(() => OrderFactJson.Parse(json, OrderPaid.Descriptor, (text, descriptor) => Lenient.Parse(text, descriptor))));
    }

    [Fact]
    public void Other_messages_are_not_read_here()
    {
        Assert.Null(OrderFactJson.TryParse("""{"order_id":"O1"}""", OrderReturned.Descriptor));
        Assert.Null(OrderFactJson.TryParse("""{"product_id":"P1"}""", ProductChanged.Descriptor));
    }

    /// <summary>The message, or the kind of failure (both must fail alike).</summary>
    private static object Outcome(Func<IMessage> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }

    /// <summary>The same data in another valid (or invalid) protobuf JSON form: numbers for strings, strings for numbers, nulls, unknown and duplicate fields, offsets, fraction lengths.</summary>
    private static string Mutate(string json, int seed)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json)!;
        Walk(root);
        if (random.Next(8) == 0)
        {
            ((JsonObject)root)["not_a_field"] = random.Next(2) == 0 ? JsonValue.Create(1) : new JsonArray(1, "x");
        }

        var text = root.ToJsonString();
        return random.Next(12) switch
        {
            0 => text.Replace("Z\"", "+00:00\"", StringComparison.Ordinal),
            1 => text.Replace(".", ".0", StringComparison.Ordinal),
            2 => text.Replace("\"order_id\":", "\"orderId\":\"dup\",\"order_id\":", StringComparison.Ordinal),
            3 => " \n" + text + " \t",
            _ => text,
        };

        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        if (random.Next(40) == 0)
                        {
                            obj[key] = null;
                        }
                        else if (value is JsonValue v && v.TryGetValue<string>(out var s) && long.TryParse(s, out var n) && random.Next(3) == 0)
                        {
                            obj[key] = random.Next(2) == 0 ? JsonValue.Create(n) : JsonValue.Create((double)n);
                        }
                        else if (value is JsonValue number && number.TryGetValue<int>(out var i) && random.Next(3) == 0)
                        {
                            obj[key] = random.Next(2) == 0 ? JsonValue.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(i + 0.5);
                        }
                        else if (value is not null)
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            Walk(item);
                        }
                    }

                    break;
            }
        }
    }
}
