using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Order.Tests;

/// <summary>Valid orders to start from; each test changes what it is about.</summary>
internal static class SampleOrders
{
    public static readonly DateTime PlacedAt = new DateTime(2026, 3, 14, 9, 26, 53, DateTimeKind.Utc).AddTicks(1_234_560);

    /// <summary>A EUR order using every field: two lines (one discounted, two taxes), taxed shipping, totals.</summary>
    public static WireOrder Eur(string externalOrderId, string channel = "shopify-eu")
    {
        var order = new WireOrder
        {
            Channel = channel,
            ExternalOrderId = externalOrderId,
            OrderNumber = "#" + externalOrderId,
            CurrencyCode = "EUR",
            TaxesIncluded = true,
            CustomerReference = "anna@example.com",
            PlacedAt = Timestamp.FromDateTime(PlacedAt),
            ChannelUpdatedAt = Timestamp.FromDateTime(PlacedAt.AddMinutes(5)),
            Totals = new OrderTotals
            {
                Subtotal = 52.97m.ToMoney("EUR"),
                TotalDiscounts = 5.00m.ToMoney("EUR"),
                TotalShipping = 4.90m.ToMoney("EUR"),
                TotalTax = 9.32m.ToMoney("EUR"),
                Total = 57.87m.ToMoney("EUR"),
            },
        };
        var tee = new OrderLine
        {
            ExternalLineId = "11001", Sku = "TEE-BLK-M", Title = "Classic tee - black / M", Quantity = 2,
            UnitPrice = 19.99m.ToMoney("EUR"), TotalDiscount = 5.00m.ToMoney("EUR"),
        };
        tee.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 5.58m.ToMoney("EUR") });
        tee.TaxLines.Add(new TaxLine { Title = "Eco levy", Rate = "0.0025", Amount = 0.09m.ToMoney("EUR") });
        var mug = new OrderLine
        {
            ExternalLineId = "11002", Sku = "MUG-01", Title = "Mug", Quantity = 1,
            UnitPrice = 17.99m.ToMoney("EUR"), TotalDiscount = 0m.ToMoney("EUR"),
        };
        mug.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 2.87m.ToMoney("EUR") });
        order.Lines.Add(tee);
        order.Lines.Add(mug);
        var shipping = new ShippingLine { Title = "Standard", Price = 4.90m.ToMoney("EUR") };
        shipping.TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.19", Amount = 0.78m.ToMoney("EUR") });
        order.ShippingLines.Add(shipping);
        return order;
    }

    /// <summary>What the service should return for <paramref name="sent"/>: the same content plus the output-only fields of a new order.</summary>
    public static WireOrder Expected(WireOrder sent, WireOrder stored)
    {
        var expected = sent.Clone();
        expected.OrderId = stored.OrderId;
        expected.CreatedAt = stored.CreatedAt;
        expected.Version = 1;
        expected.FinancialStatus = FinancialStatus.Pending;
        expected.FulfillmentStatus = FulfillmentStatus.Unfulfilled;
        expected.Cancelled = false;
        expected.AuthorizedAmount = 0m.ToMoney(sent.CurrencyCode);
        expected.CapturedAmount = 0m.ToMoney(sent.CurrencyCode);
        expected.RefundedAmount = 0m.ToMoney(sent.CurrencyCode);
        foreach (var line in expected.Lines)
        {
            line.TotalDiscount ??= 0m.ToMoney(sent.CurrencyCode);
        }

        foreach (var shipping in expected.ShippingLines)
        {
            shipping.Discount ??= 0m.ToMoney(sent.CurrencyCode);
        }

        expected.History.Add(new OrderFact
        {
            FactId = "placed",
            Kind = FactKind.Placed,
            ExternalId = sent.ExternalOrderId,
            State = FactState.Applied,
            OccurredAt = sent.PlacedAt,
            RecordedAt = stored.CreatedAt,
        });
        return expected;
    }
}
