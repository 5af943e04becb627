using CsCheck;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Integration.Order.Events;
using Money = Integration.Contracts.Common.V1.Money;

namespace Integration.Order.Tests;

/// <summary>
/// The group commit writes OrderPlaced's JSON field by field; consumers parse it as protobuf JSON, so it must be exactly
/// the text the protobuf formatter gives, for any event (strings that need escaping fall back to that formatter).
/// </summary>
public sealed class OrderPlacedJsonTests
{
    // Plain characters, characters JSON or protobuf escape, non-ASCII text, a surrogate pair.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019 -_.,:;/#@+()*!?%$~[]{}|^"], 0, 12],
        Gen.String[Gen.Char["ab \"\\<>&='`\n\t\u0001\u007f\u00e9\u00ad\u2028\u4e2d"], 0, 6],
        Gen.Const("Caf\u00e9 \ud83d\ude00"),
        Gen.Const(string.Empty));

    private static readonly Gen<Money?> Amount = Gen.Frequency(
        (1, Gen.Const((Money?)null)),
        (6, Gen.Select(Text, Gen.OneOf(Gen.Long[-5, 5], Gen.Long), Gen.Int[-999_999_999, 999_999_999],
            (currency, units, nanos) => (Money?)new Money { CurrencyCode = currency, Units = units, Nanos = nanos })));

    private static readonly Gen<Timestamp?> Time = Gen.Frequency(
        (1, Gen.Const((Timestamp?)null)),
        (6, Gen.Select(
            Gen.Long[-62_135_596_800, 253_402_300_799],
            // Whole seconds, milliseconds and microseconds as well as any nanoseconds: each has its own width.
            Gen.OneOf(Gen.Const(0), Gen.Int[0, 999].Select(ms => ms * 1_000_000), Gen.Int[0, 999_999].Select(us => us * 1_000), Gen.Int[0, 999_999_999]),
            (seconds, nanos) => (Timestamp?)new Timestamp { Seconds = seconds, Nanos = nanos })));

    private static readonly Gen<OrderTaxLine> Tax = Gen.Select(Text, Text, Amount, (title, rate, amount) => new OrderTaxLine
    {
        Title = title, Rate = rate, Amount = amount,
    });

    private static readonly Gen<PlacedLine> Line = Gen.Select(Text, Text, Gen.OneOf(Gen.Long[-3, 3], Gen.Long), Amount, Amount, Tax.List[0, 3], Text,
        (id, sku, quantity, price, discount, taxes, title) =>
        {
            var line = new PlacedLine { LineId = id, Sku = sku, Quantity = quantity, UnitPrice = price, TotalDiscount = discount, Title = title };
            line.TaxLines.AddRange(taxes);
            return line;
        });

    private static readonly Gen<PlacedShippingLine> Shipping = Gen.Select(Text, Amount, Amount, Tax.List[0, 2], (title, price, discount, taxes) =>
    {
        var shipping = new PlacedShippingLine { Title = title, Price = price, Discount = discount };
        shipping.TaxLines.AddRange(taxes);
        return shipping;
    });

    private static readonly Gen<OrderPlaced> Placed =
        Gen.Select(Text.Array[5], Line.List[0, 3], Time, Time, Gen.Bool, Shipping.List[0, 2], Amount.Array[2], Text,
            (names, lines, placedAt, occurredAt, taxesIncluded, shipping, totals, presentment) =>
            {
                var placed = new OrderPlaced
                {
                    OrderId = names[0], Channel = names[1], ExternalOrderId = names[2], OrderNumber = names[3], CurrencyCode = names[4],
                    PlacedAt = placedAt, OccurredAt = occurredAt, TaxesIncluded = taxesIncluded,
                    Total = totals[0], TotalTax = totals[1], PresentmentCurrencyCode = presentment,
                };
                placed.Lines.AddRange(lines);
                placed.ShippingLines.AddRange(shipping);
                return placed;
            });

    [Fact]
    public void Any_OrderPlaced_is_written_exactly_as_the_protobuf_formatter_writes_it() =>
        Placed.Sample(placed => OrderPlacedJson.Format(placed) == EventJson.Format(placed), iter: 5_000,
            print: placed => $"{placed}\nwritten:  {OrderPlacedJson.Format(placed)}\nprotobuf: {EventJson.Format(placed)}");

    [Fact]
    public void A_typical_order_is_written_as_the_protobuf_formatter_writes_it()
    {
        var placed = new OrderPlaced
        {
            OrderId = "6edec65e74b247449c83dd952a4f5db2", Channel = "shopify-eu", ExternalOrderId = "450789469", OrderNumber = "#1001",
            CurrencyCode = "EUR", TaxesIncluded = true,
            PlacedAt = Timestamp.FromDateTime(new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc)),
            OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 11, 27, 13, 47, 27, DateTimeKind.Utc).AddTicks(41_300)),
            Total = new Money { CurrencyCode = "EUR", Units = 57, Nanos = 870_000_000 },
        };
        var line = new PlacedLine { LineId = "1", Sku = "TEE-13", Quantity = 2, Title = "Classic tee", UnitPrice = new Money { CurrencyCode = "EUR", Units = 19, Nanos = 990_000_000 } };
        line.TaxLines.Add(new OrderTaxLine { Title = "VAT", Rate = "0.19", Amount = new Money { CurrencyCode = "EUR", Nanos = 90_000_000 } });
        placed.Lines.Add(line);

        Assert.Equal(EventJson.Format(placed), OrderPlacedJson.Format(placed));
        Assert.Contains("\"occurred_at\": \"2026-11-27T13:47:27.004130Z\"", OrderPlacedJson.Format(placed), StringComparison.Ordinal);
    }
}
