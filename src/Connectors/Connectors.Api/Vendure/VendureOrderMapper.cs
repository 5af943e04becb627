using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.Vendure;

/// <summary>
/// One Vendure order as the Order service's calls: the order itself, then its payments, shipments, refunds and
/// cancellation. Every id is derived from Vendure's ids (and the state that makes the fact), so mapping the same
/// order again gives the same calls and the Order service finds them duplicates.
/// </summary>
internal static class VendureOrderMapper
{
    /// <summary>Vendure's default money strategy stores every amount as an integer with two implied decimals.</summary>
    private const decimal MinorPerUnit = 100m;

    /// <summary>Order states of an order that was placed (checkout completed); earlier ones are carts.</summary>
    public static bool IsPlaced(VendureOrder order) => order.OrderPlacedAt is not null && !order.Active;

    /// <summary>
    /// Maps a placed order. <paramref name="skus"/> gives our SKU per Vendure variant id (from Catalog's external ids or
    /// Vendure's own SKU); a line whose variant has none is sent without a SKU and the Order service holds the order
    /// with an UNKNOWN_SKU exception.
    /// </summary>
    public static MappedOrder Map(string channel, VendureOrder order, IReadOnlyDictionary<string, string> skus)
    {
        var currency = order.CurrencyCode;
        var placedAt = Timestamp.FromDateTimeOffset(order.OrderPlacedAt ?? order.CreatedAt);
        var mapped = new Order
        {
            Channel = channel,
            ExternalOrderId = order.Id,
            OrderNumber = order.Code,
            CurrencyCode = currency,
            // Net prices plus tax lines whatever the Vendure channel's pricesIncludeTax: Vendure reports both forms.
            TaxesIncluded = false,
            CustomerReference = order.Customer?.EmailAddress ?? order.Customer?.Id ?? string.Empty,
            PlacedAt = placedAt,
            ChannelUpdatedAt = placedAt,
        };

        foreach (var line in order.Lines)
        {
            var quantity = line.OrderPlacedQuantity > 0 ? line.OrderPlacedQuantity : line.Quantity;
            if (quantity <= 0)
            {
                continue;
            }

            var lineTax = line.ProratedLinePriceWithTax - line.ProratedLinePrice;
            var mappedLine = new OrderLine
            {
                ExternalLineId = line.Id,
                Sku = skus.TryGetValue(line.ProductVariant.Id, out var sku) ? sku : string.Empty,
                Quantity = quantity,
                UnitPrice = Money(line.UnitPrice, currency),
                TotalDiscount = Money(Math.Max(0, line.LinePrice - line.ProratedLinePrice), currency),
                Title = line.ProductVariant.Name ?? string.Empty,
            };
            mappedLine.TaxLines.AddRange(TaxLines(line.TaxLines, lineTax, currency));
            mapped.Lines.Add(mappedLine);
        }

        foreach (var shipping in order.ShippingLines)
        {
            var tax = shipping.DiscountedPriceWithTax - shipping.DiscountedPrice;
            var line = new ShippingLine
            {
                Title = shipping.ShippingMethod?.Name ?? shipping.ShippingMethod?.Code ?? "shipping",
                Price = Money(shipping.Price, currency),
                Discount = Money(Math.Max(0, shipping.Price - shipping.DiscountedPrice), currency),
            };
            if (tax != 0)
            {
                line.TaxLines.Add(new TaxLine
                {
                    Title = "shipping tax",
                    Rate = shipping.DiscountedPrice == 0 ? string.Empty : Rate(Math.Round(100m * tax / shipping.DiscountedPrice, 2)),
                    Amount = Money(tax, currency),
                });
            }

            mapped.ShippingLines.Add(line);
        }

        foreach (var discount in order.Discounts)
        {
            mapped.Discounts.Add(new OrderDiscount
            {
                Code = discount.Description,
                Kind = discount.Type ?? string.Empty,
                Amount = Money(Math.Abs(discount.Amount), currency),
            });
        }

        var lineDiscounts = order.Lines.Sum(l => Math.Max(0, l.LinePrice - l.ProratedLinePrice));
        var shippingDiscounts = order.ShippingLines.Sum(s => Math.Max(0, s.Price - s.DiscountedPrice));
        mapped.Totals = new OrderTotals
        {
            Subtotal = Money(order.SubTotal, currency),
            TotalDiscounts = Money(lineDiscounts + shippingDiscounts, currency),
            TotalShipping = Money(order.ShippingLines.Sum(s => s.Price), currency),
            TotalTax = Money(order.TotalWithTax - order.Total, currency),
            Total = Money(order.TotalWithTax, currency),
        };

        var key = new OrderKey { ChannelRef = new ChannelOrderRef { Channel = channel, ExternalOrderId = order.Id } };
        var facts = new List<IMessage>();
        facts.AddRange(Payments(order, key));
        facts.AddRange(Shipments(order, key));
        facts.AddRange(Refunds(order, key));
        facts.AddRange(Cancellation(order, key));
        return new MappedOrder(
            new IngestOrderRequest { Order = mapped, Delivery = new Delivery { DeliveryId = $"vendure:order:{order.Id}:placed" } },
            facts);
    }

    // Vendure keeps one payment record whose state moves Authorized -> Settled (or Cancelled); the calls are derived from
    // the state alone, so a payment first seen Settled and one seen at each step give the same calls.
    private static IEnumerable<RecordPaymentRequest> Payments(VendureOrder order, OrderKey key)
    {
        foreach (var payment in order.Payments ?? [])
        {
            if (payment.State is not ("Authorized" or "Settled" or "Cancelled"))
            {
                // Created, Declined, Error: no money moved.
                continue;
            }

            var authorizationId = $"{payment.Id}:authorization";
            yield return PaymentCall(key, payment, authorizationId, PaymentKind.Authorization, null, payment.CreatedAt, order.CurrencyCode);
            if (payment.State == "Settled")
            {
                yield return PaymentCall(key, payment, $"{payment.Id}:capture", PaymentKind.Capture, authorizationId, payment.UpdatedAt, order.CurrencyCode);
            }
            else if (payment.State == "Cancelled")
            {
                yield return PaymentCall(key, payment, $"{payment.Id}:void", PaymentKind.Void, authorizationId, payment.UpdatedAt, order.CurrencyCode);
            }
        }
    }

    private static RecordPaymentRequest PaymentCall(
        OrderKey key, VendurePayment payment, string id, PaymentKind kind, string? parent, DateTimeOffset at, string currency) =>
        new()
        {
            Order = key,
            Payment = new Payment
            {
                PaymentId = id,
                Kind = kind,
                Gateway = payment.Method,
                Amount = Money(payment.Amount, currency),
                ParentPaymentId = parent ?? string.Empty,
                OccurredAt = Timestamp.FromDateTimeOffset(at),
            },
            Delivery = new Delivery { DeliveryId = $"vendure:payment:{id}" },
        };

    private static IEnumerable<RecordShipmentRequest> Shipments(VendureOrder order, OrderKey key)
    {
        foreach (var fulfillment in order.Fulfillments ?? [])
        {
            if (fulfillment.State is not ("Shipped" or "Delivered"))
            {
                // Pending: not left yet; Cancelled: never left.
                continue;
            }

            var shipment = new Shipment
            {
                ShipmentId = $"fulfillment:{fulfillment.Id}",
                TrackingCompany = fulfillment.Method ?? string.Empty,
                OccurredAt = Timestamp.FromDateTimeOffset(fulfillment.UpdatedAt),
            };
            if (!string.IsNullOrEmpty(fulfillment.TrackingCode))
            {
                shipment.TrackingNumbers.Add(fulfillment.TrackingCode);
            }

            shipment.Lines.AddRange(fulfillment.Lines.Where(l => l.Quantity > 0)
                .Select(l => new ShipmentLine { ExternalLineId = l.OrderLineId, Quantity = l.Quantity }));
            // The location is filled in when the call is sent (where Inventory holds the order's stock).
            yield return new RecordShipmentRequest
            {
                Order = key,
                Shipment = shipment,
                Delivery = new Delivery { DeliveryId = $"vendure:fulfillment:{fulfillment.Id}:shipped" },
            };
        }
    }

    // Only settled refunds moved money. Lines named by the refund carry their prorated price and tax; whatever else the
    // refund paid back (shipping, an adjustment, or an amount-only refund, Vendure's preferred form since 2.2, which names
    // no lines) is one adjustment, so lines + adjustments always equal the money refunded.
    private static IEnumerable<RecordRefundRequest> Refunds(VendureOrder order, OrderKey key)
    {
        var currency = order.CurrencyCode;
        var lines = order.Lines.ToDictionary(l => l.Id, StringComparer.Ordinal);
        foreach (var payment in order.Payments ?? [])
        {
            foreach (var refund in payment.Refunds.Where(r => r.State == "Settled"))
            {
                var mapped = new Refund
                {
                    RefundId = $"refund:{refund.Id}",
                    Note = refund.Reason ?? string.Empty,
                    OccurredAt = Timestamp.FromDateTimeOffset(refund.UpdatedAt),
                };
                long accounted = 0;
                foreach (var item in refund.Lines.Where(l => l.Quantity > 0))
                {
                    lines.TryGetValue(item.OrderLineId, out var line);
                    var subtotal = (line?.ProratedUnitPrice ?? 0) * item.Quantity;
                    var tax = ((line?.ProratedUnitPriceWithTax ?? 0) - (line?.ProratedUnitPrice ?? 0)) * item.Quantity;
                    accounted += subtotal + tax;
                    mapped.Lines.Add(new RefundLine
                    {
                        ExternalLineId = item.OrderLineId,
                        Quantity = item.Quantity,
                        RestockType = RestockType.NoRestock,
                        Subtotal = Money(subtotal, currency),
                        TotalTax = Money(tax, currency),
                    });
                }

                if (refund.Total != accounted)
                {
                    mapped.Adjustments.Add(new RefundAdjustment
                    {
                        Kind = "vendure_refund",
                        Amount = Money(refund.Total - accounted, currency),
                        Reason = refund.Lines.Count == 0 ? "amount refunded without lines" : "shipping or adjustment refunded",
                    });
                }

                mapped.Transactions.Add(new RefundTransaction
                {
                    TransactionId = refund.TransactionId ?? $"refund:{refund.Id}",
                    Gateway = payment.Method,
                    Amount = Money(refund.Total, currency),
                });
                yield return new RecordRefundRequest { Order = key, Refund = mapped, Delivery = new Delivery { DeliveryId = $"vendure:refund:{refund.Id}:settled" } };
            }
        }
    }

    // A whole order cancelled is CancelOrder. Units cancelled from an order that goes on (cancelOrder with lines) are a
    // money-less refund with restock "cancel" per unit: one call per unit, so a line cancelled in two steps never counts twice.
    private static IEnumerable<IMessage> Cancellation(VendureOrder order, OrderKey key)
    {
        if (order.State == "Cancelled")
        {
            yield return new CancelOrderRequest
            {
                Order = key,
                Reason = "cancelled in Vendure",
                OccurredAt = Timestamp.FromDateTimeOffset(order.UpdatedAt),
                Delivery = new Delivery { DeliveryId = $"vendure:order:{order.Id}:cancelled" },
            };
            yield break;
        }

        foreach (var line in order.Lines.Where(l => l.OrderPlacedQuantity > l.Quantity))
        {
            for (var unit = 1; unit <= line.OrderPlacedQuantity - line.Quantity; unit++)
            {
                var id = $"cancel:{line.Id}:{unit}";
                var refund = new Refund { RefundId = id, Note = "units cancelled in Vendure", OccurredAt = Timestamp.FromDateTimeOffset(order.UpdatedAt) };
                refund.Lines.Add(new RefundLine
                {
                    ExternalLineId = line.Id,
                    Quantity = 1,
                    RestockType = RestockType.Cancel,
                    Subtotal = Money(0, order.CurrencyCode),
                    TotalTax = Money(0, order.CurrencyCode),
                });
                yield return new RecordRefundRequest { Order = key, Refund = refund, Delivery = new Delivery { DeliveryId = $"vendure:{id}" } };
            }
        }
    }

    private static IEnumerable<TaxLine> TaxLines(List<VendureTaxLine> taxLines, long lineTax, string currency)
    {
        if (taxLines.Count == 0)
        {
            if (lineTax != 0)
            {
                yield return new TaxLine { Title = "tax", Amount = Money(lineTax, currency) };
            }

            yield break;
        }

        // Several rates on one line: each gets its share of the line's tax by rate; the last takes the rounding remainder.
        var totalRate = taxLines.Sum(t => t.TaxRate);
        long given = 0;
        for (var i = 0; i < taxLines.Count; i++)
        {
            var amount = i == taxLines.Count - 1 || totalRate == 0
                ? lineTax - given
                : (long)Math.Round(lineTax * taxLines[i].TaxRate / totalRate, MidpointRounding.AwayFromZero);
            given += amount;
            yield return new TaxLine { Title = taxLines[i].Description, Rate = Rate(taxLines[i].TaxRate), Amount = Money(amount, currency) };
        }
    }

    /// <summary>Vendure's percentage (20) as our decimal rate text ("0.2").</summary>
    private static string Rate(decimal percent) => (percent / 100m).ToString("0.##########", CultureInfo.InvariantCulture);

    private static Contracts.Common.V1.Money Money(long minor, string currency) => (minor / MinorPerUnit).ToMoney(currency);
}

/// <summary>An order's calls: <see cref="Ingest"/> first, then <see cref="Facts"/> in order.</summary>
internal sealed record MappedOrder(IngestOrderRequest Ingest, IReadOnlyList<IMessage> Facts);
