using System.Globalization;
using Integration.Contracts.Money;
using Integration.Order.Data.Facts;
using Integration.Order.Data.Orders;
using Integration.Order.Facts;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>Stored order to wire order.</summary>
internal static class OrderMapping
{
    /// <summary>The order; with <paramref name="facts"/> (its history) also its payments, shipments, refunds, returns and cancellation.</summary>
    public static Contract.Order ToContract(this StoredOrder order, IReadOnlyList<OrderFact>? facts = null)
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
            PresentmentCurrencyCode = order.PresentmentCurrency,
            Held = order.Held,
            AuthorizedAmount = order.AuthorizedAmount.ToMoney(order.Currency),
            CapturedAmount = order.CapturedAmount.ToMoney(order.Currency),
            RefundedAmount = order.RefundedAmount.ToMoney(order.Currency),
            StaleUpdatesIgnored = order.StaleUpdatesIgnored,
        };
        result.Lines.AddRange(order.Lines.OrderBy(l => l.Position).Select(l => ToContract(l, order.Currency)));
        result.ShippingLines.AddRange(order.ShippingLines.OrderBy(s => s.Position).Select(s => ToContract(s, order.Currency)));
        result.Discounts.AddRange(StoredJson.ReadList<StoredJson.Discount>(order.Discounts).Select(d => new Contract.OrderDiscount
        {
            Code = d.Code,
            Kind = d.Kind,
            Amount = StoredJson.Amount(d.Amount).ToMoney(order.Currency),
        }));
        if (facts is not null)
        {
            AddFacts(result, order, facts);
        }

        return result;
    }

    private static void AddFacts(Contract.Order result, StoredOrder order, IReadOnlyList<OrderFact> facts)
    {
        // Placed is the order row itself, not a stored fact.
        result.History.Add(new Contract.OrderFact
        {
            FactId = "placed",
            Kind = Contract.FactKind.Placed,
            ExternalId = order.ExternalOrderId,
            State = Contract.FactState.Applied,
            OccurredAt = Instants.ToTimestamp(order.PlacedAt),
            RecordedAt = Instants.ToTimestamp(order.CreatedAt),
        });
        foreach (var fact in facts.OrderBy(f => f.Id))
        {
            result.History.Add(new Contract.OrderFact
            {
                FactId = fact.Id.ToString(CultureInfo.InvariantCulture),
                Kind = fact.Kind switch
                {
                    FactKind.Updated => Contract.FactKind.Updated,
                    FactKind.Payment => Contract.FactKind.Payment,
                    FactKind.Shipment => Contract.FactKind.Shipment,
                    FactKind.Refund => Contract.FactKind.Refund,
                    FactKind.Return => Contract.FactKind.Return,
                    _ => Contract.FactKind.Cancellation,
                },
                ExternalId = fact.ExternalId,
                State = fact.State switch
                {
                    FactState.Applied => Contract.FactState.Applied,
                    FactState.Pending => Contract.FactState.Pending,
                    FactState.Rejected => Contract.FactState.Rejected,
                    _ => Contract.FactState.Stale,
                },
                Reason = fact.Reason,
                OccurredAt = Instants.ToTimestamp(fact.OccurredAt),
                RecordedAt = Instants.ToTimestamp(fact.RecordedAt),
            });
            if (fact.State != FactState.Applied)
            {
                continue;
            }

            switch (fact.Kind)
            {
                case FactKind.Payment:
                    result.Payments.Add(FactPayload.Parse<Contract.Payment>(fact.Payload));
                    break;
                case FactKind.Shipment:
                    result.Shipments.Add(FactPayload.Parse<Contract.Shipment>(fact.Payload));
                    break;
                case FactKind.Refund:
                    result.Refunds.Add(FactPayload.Parse<Contract.Refund>(fact.Payload));
                    break;
                case FactKind.Return:
                    result.Returns.Add(FactPayload.Parse<Contract.Return>(fact.Payload));
                    break;
                case FactKind.Cancellation:
                    result.Cancellation = FactPayload.Parse<Contract.Cancellation>(fact.Payload);
                    break;
            }
        }
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
            QuantityShipped = line.QuantityShipped,
            QuantityRefunded = line.QuantityRefunded,
            QuantityReturned = line.QuantityReturned,
            QuantityCancelled = line.QuantityCancelled,
        };
        result.DiscountAllocations.AddRange(StoredJson.ReadList<StoredJson.Allocation>(line.DiscountAllocations)
            .Select(a => new Contract.DiscountAllocation { Amount = StoredJson.Amount(a.Amount).ToMoney(currency), DiscountIndex = a.Index }));
        result.TaxLines.AddRange(ToContract(line.TaxLines, currency));
        return result;
    }

    private static Contract.ShippingLine ToContract(ShippingLine shipping, string currency)
    {
        var result = new Contract.ShippingLine { Title = shipping.Title, Price = shipping.Price.ToMoney(currency), Discount = shipping.Discount.ToMoney(currency) };
        result.TaxLines.AddRange(ToContract(shipping.TaxLines, currency));
        return result;
    }

    private static IEnumerable<Contract.TaxLine> ToContract(IEnumerable<TaxLine> taxes, string currency) =>
        taxes.OrderBy(t => t.Position).Select(t => new Contract.TaxLine
        {
            Title = t.Title,
            // Canonical text: no trailing zeros, whatever scale the database hands back (0.060000 -> "0.06").
            Rate = t.Rate?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
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

    public static Contract.FinancialStatus ToContract(FinancialStatus status) => status switch
    {
        FinancialStatus.Pending => Contract.FinancialStatus.Pending,
        FinancialStatus.Authorized => Contract.FinancialStatus.Authorized,
        FinancialStatus.Paid => Contract.FinancialStatus.Paid,
        FinancialStatus.PartiallyRefunded => Contract.FinancialStatus.PartiallyRefunded,
        FinancialStatus.Refunded => Contract.FinancialStatus.Refunded,
        FinancialStatus.Voided => Contract.FinancialStatus.Voided,
        FinancialStatus.PartiallyPaid => Contract.FinancialStatus.PartiallyPaid,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown financial status"),
    };

    public static Contract.FulfillmentStatus ToContract(FulfillmentStatus status) => status switch
    {
        FulfillmentStatus.Unfulfilled => Contract.FulfillmentStatus.Unfulfilled,
        FulfillmentStatus.PartiallyShipped => Contract.FulfillmentStatus.PartiallyShipped,
        FulfillmentStatus.Shipped => Contract.FulfillmentStatus.Shipped,
        FulfillmentStatus.Returned => Contract.FulfillmentStatus.Returned,
        FulfillmentStatus.PartiallyReturned => Contract.FulfillmentStatus.PartiallyReturned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown fulfillment status"),
    };
}
