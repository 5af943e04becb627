using System.Globalization;
using Integration.Contracts.Money;
using Integration.Order.Data.Orders;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>Stored order to wire order.</summary>
internal static class OrderMapping
{
    public static Contract.Order ToContract(this StoredOrder order)
    {
        var result = new Contract.Order
        {
            OrderId = order.Id,
            Channel = order.Channel,
            ExternalOrderId = order.ExternalOrderId,
            OrderNumber = order.OrderNumber,
            CurrencyCode = order.Currency,
            TaxesIncluded = order.TaxesIncluded,
            CustomerReference = order.CustomerReference,
            Totals = TotalsOf(order),
            PlacedAt = Instants.ToTimestamp(order.PlacedAt),
            ChannelUpdatedAt = order.ChannelUpdatedAt is { } updated ? Instants.ToTimestamp(updated) : null,
            FinancialStatus = ToContract(order.FinancialStatus),
            FulfillmentStatus = ToContract(order.FulfillmentStatus),
            Cancelled = order.Cancelled,
            Version = order.Version,
            CreatedAt = Instants.ToTimestamp(order.CreatedAt),
        };
        result.Lines.AddRange(order.Lines.OrderBy(l => l.Position).Select(l => ToContract(l, order.Currency)));
        result.ShippingLines.AddRange(order.ShippingLines.OrderBy(s => s.Position).Select(s => ToContract(s, order.Currency)));
        return result;
    }

    private static Contract.OrderLine ToContract(OrderLine line, string currency)
    {
        var result = new Contract.OrderLine
        {
            ExternalLineId = line.ExternalLineId,
            Sku = line.Sku,
            Title = line.Title,
            Quantity = line.Quantity,
            UnitPrice = line.UnitPrice.ToMoney(currency),
            TotalDiscount = line.TotalDiscount.ToMoney(currency),
        };
        result.TaxLines.AddRange(ToContract(line.TaxLines, currency));
        return result;
    }

    private static Contract.ShippingLine ToContract(ShippingLine shipping, string currency)
    {
        var result = new Contract.ShippingLine { Title = shipping.Title, Price = shipping.Price.ToMoney(currency) };
        result.TaxLines.AddRange(ToContract(shipping.TaxLines, currency));
        return result;
    }

    private static IEnumerable<Contract.TaxLine> ToContract(IEnumerable<TaxLine> taxes, string currency) =>
        taxes.OrderBy(t => t.Position).Select(t => new Contract.TaxLine
        {
            Title = t.Title,
            // Canonical text: no trailing zeros, whatever scale the database hands back (0.060000 -> "0.06").
            Rate = t.Rate.ToString("0.######", CultureInfo.InvariantCulture),
            Amount = t.Amount.ToMoney(currency),
        });

    private static Contract.OrderTotals? TotalsOf(StoredOrder order)
    {
        if (order is { Subtotal: null, TotalDiscounts: null, TotalShipping: null, TotalTax: null, Total: null })
        {
            return null;
        }

        return new Contract.OrderTotals
        {
            Subtotal = order.Subtotal?.ToMoney(order.Currency),
            TotalDiscounts = order.TotalDiscounts?.ToMoney(order.Currency),
            TotalShipping = order.TotalShipping?.ToMoney(order.Currency),
            TotalTax = order.TotalTax?.ToMoney(order.Currency),
            Total = order.Total?.ToMoney(order.Currency),
        };
    }

    private static Contract.FinancialStatus ToContract(FinancialStatus status) => status switch
    {
        FinancialStatus.Pending => Contract.FinancialStatus.Pending,
        FinancialStatus.Authorized => Contract.FinancialStatus.Authorized,
        FinancialStatus.Paid => Contract.FinancialStatus.Paid,
        FinancialStatus.PartiallyRefunded => Contract.FinancialStatus.PartiallyRefunded,
        FinancialStatus.Refunded => Contract.FinancialStatus.Refunded,
        FinancialStatus.Voided => Contract.FinancialStatus.Voided,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown financial status"),
    };

    private static Contract.FulfillmentStatus ToContract(FulfillmentStatus status) => status switch
    {
        FulfillmentStatus.Unfulfilled => Contract.FulfillmentStatus.Unfulfilled,
        FulfillmentStatus.PartiallyShipped => Contract.FulfillmentStatus.PartiallyShipped,
        FulfillmentStatus.Shipped => Contract.FulfillmentStatus.Shipped,
        FulfillmentStatus.Returned => Contract.FulfillmentStatus.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown fulfillment status"),
    };
}
