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

    /// <summary>Random order facts whose strings come from <paramref name="text"/>.</summary>
    private static Gen<IMessage> FactsWith(Gen<string> text)
    {
        Gen<Money?> money = Gen.Frequency(
            (1, Gen.Const((Money?)null)),
            (4, Gen.Select(text, Int64, Gen.OneOf(Gen.Int[-999_999_999, 999_999_999], Gen.Int[0, 99].Select(c => c * 10_000_000)),
                (currency, units, nanos) => (Money?)new Money { CurrencyCode = currency, Units = units, Nanos = nanos })));

        Gen<Timestamp?> time = Gen.Frequency(
            (1, Gen.Const((Timestamp?)null)),
            (4, Gen.Select(
                Gen.Long[-62_135_596_800, 253_402_300_799],
                Gen.OneOf(Gen.Const(0), Gen.Int[0, 999].Select(n => n * 1_000_000), Gen.Int[0, 999_999].Select(n => n * 1_000), Gen.Int[0, 999_999_999]),
                (seconds, nanos) => (Timestamp?)new Timestamp { Seconds = seconds, Nanos = nanos })));

        Gen<OrderTaxLine> taxLine = Gen.Select(text, text, money, (title, rate, amount) => new OrderTaxLine { Title = title, Rate = rate, Amount = amount });

        Gen<PlacedLine> placedLine = Gen.Select(text, text, Int64, money, money, taxLine.Array[0, 3], text,
            (id, sku, quantity, price, discount, taxes, title) =>
                new PlacedLine { LineId = id, Sku = sku, Quantity = quantity, UnitPrice = price, TotalDiscount = discount, TaxLines = { taxes }, Title = title });

        Gen<PlacedShippingLine> shippingLine = Gen.Select(text, money, money, taxLine.Array[0, 2],
            (title, price, discount, taxes) => new PlacedShippingLine { Title = title, Price = price, Discount = discount, TaxLines = { taxes } });

        Gen<IMessage> placed = Gen.Select(
            Gen.Select(text, text, text, text, text, (id, channel, external, number, currency) => (id, channel, external, number, currency)),
            Gen.Select(placedLine.Array[0, 3], time, time, Gen.Bool, shippingLine.Array[0, 2], (lines, placedAt, occurred, included, shipping) => (lines, placedAt, occurred, included, shipping)),
            Gen.Select(money, money, text, (total, tax, presentment) => (total, tax, presentment)),
            (a, b, c) => (IMessage)new OrderPlaced
            {
                OrderId = a.id, Channel = a.channel, ExternalOrderId = a.external, OrderNumber = a.number, CurrencyCode = a.currency,
                Lines = { b.lines }, PlacedAt = b.placedAt, OccurredAt = b.occurred, TaxesIncluded = b.included, ShippingLines = { b.shipping },
                Total = c.total, TotalTax = c.tax, PresentmentCurrencyCode = c.presentment,
            });

        Gen<IMessage> paid = Gen.Select(text, text, text, money, time, text, money,
            (id, payment, gateway, amount, at, kind, captured) =>
                (IMessage)new OrderPaid { OrderId = id, PaymentId = payment, Gateway = gateway, Amount = amount, OccurredAt = at, Kind = kind, CapturedTotal = captured });

        Gen<IMessage> shipped = Gen.Select(text, text, text,
            Gen.Select(text, text, Int64, (id, sku, quantity) => new ShippedLine { LineId = id, Sku = sku, Quantity = quantity }).Array[0, 3], time, text, text.Array[0, 2],
            (id, shipment, location, lines, at, company, numbers) => (IMessage)new OrderShipped
            {
                OrderId = id, ShipmentId = shipment, LocationId = location, Lines = { lines }, OccurredAt = at, TrackingCompany = company, TrackingNumbers = { numbers },
            });

        Gen<IMessage> refunded = Gen.Select(
            Gen.Select(text, text, money, money, time, money, money, (id, refund, amount, shipping, at, shippingTax, adjustments) => (id, refund, amount, shipping, at, shippingTax, adjustments)),
            Gen.Select(text, text, Int64, text, text, money, money, (id, sku, quantity, restock, location, subtotal, tax) =>
                new RefundedLine { LineId = id, Sku = sku, Quantity = quantity, RestockType = restock, LocationId = location, Subtotal = subtotal, TotalTax = tax }).Array[0, 3],
            Gen.Select(text, text, money, (id, gateway, amount) => new RefundedTransaction { TransactionId = id, Gateway = gateway, Amount = amount }).Array[0, 2],
            Gen.Bool,
            (a, lines, transactions, cancellation) => (IMessage)new OrderRefunded
            {
                OrderId = a.id, RefundId = a.refund, Amount = a.amount, ShippingRefunded = a.shipping, OccurredAt = a.at, ShippingTax = a.shippingTax,
                Adjustments = a.adjustments, Lines = { lines }, Transactions = { transactions }, Cancellation = cancellation,
            });

        Gen<IMessage> cancelled = Gen.Select(text, text, time, text,
            (id, reason, at, refund) => (IMessage)new OrderCancelled { OrderId = id, Reason = reason, OccurredAt = at, RefundId = refund });

        return Gen.OneOf(placed, paid, shipped, refunded, cancelled);
    }

    private static readonly Gen<IMessage> Facts = FactsWith(Text);

    // Only characters the formatter writes as they are: the order facts' own formatter writes these itself.
    private static readonly Gen<IMessage> PlainFacts = FactsWith(Gen.OneOf("a", "Z", "0", " ", "/", "order", "VAT 19%", "&", "=", "'", "+", "~", "`", "{", "}", ":").Array[0, 4].Select(parts => string.Concat(parts)));

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

    [Fact]
    public void Facts_are_formatted_as_JsonFormatter_formats_them()
    {
        Gen.OneOf(PlainFacts, Facts).Sample(evt => Assert.Equal(JsonFormatter.Default.Format(evt), OrderFactFormat.Format(evt)), iter: 3_000);
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
