using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Order.Data.Exceptions;
using Integration.Order.Data.Facts;
using Integration.Order.Data.Orders;
using Integration.Order.Events;
using Integration.Order.Exceptions;
using Integration.Order.Orders;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Facts;

/// <summary>
/// The order's state machine. Facts are applied in the order received when they can be; one that cannot yet (its
/// payment or shipment has not arrived) stays pending and is tried again after every change, so any arrival order ends
/// in the same state, each fact applied once. One that never can (more than was ordered) is rejected with an exception.
/// Financial and fulfilment status are derived from the applied amounts and quantities, never set directly.
/// </summary>
internal sealed class OrderLifecycle(OrderEventSink events, ExceptionDesk desk)
{
    private enum Verdict
    {
        Applied,
        Wait,
        Reject,
    }

    private sealed record Decision(Verdict Verdict, string Reason = "", ExceptionType Type = ExceptionType.OverShipment, Dictionary<string, string>? Evidence = null)
    {
        public static readonly Decision Done = new(Verdict.Applied);
    }

    /// <summary>Applies every pending fact of <paramref name="facts"/> that can be applied, until none moves. Returns whether anything changed.</summary>
    public bool Settle(StoredOrder order, IReadOnlyList<OrderFact> facts)
    {
        var changed = false;
        bool progress;
        do
        {
            progress = false;
            // Unsaved facts (Id 0) were received last.
            foreach (var fact in facts.Where(f => f.State == FactState.Pending).OrderBy(f => f.Id == 0 ? long.MaxValue : f.Id).ToList())
            {
                fact.OrderId = order.Id;
                var decision = Decide(order, fact);
                switch (decision.Verdict)
                {
                    case Verdict.Applied:
                        fact.State = FactState.Applied;
                        fact.Reason = string.Empty;
                        progress = true;
                        break;
                    case Verdict.Reject:
                        fact.State = FactState.Rejected;
                        fact.Reason = decision.Reason;
                        desk.Open(order, decision.Type, decision.Reason, decision.Evidence ?? [], fact);
                        progress = true;
                        break;
                    default:
                        changed |= fact.Reason != decision.Reason;
                        fact.Reason = decision.Reason;
                        break;
                }
            }

            changed |= progress;
        }
        while (progress);

        if (changed)
        {
            Derive(order);
            order.Version++;
        }

        return changed;
    }

    /// <summary>Tries a rejected fact again (an exception retry); true when it applied now.</summary>
    public bool Reapply(StoredOrder order, OrderFact fact)
    {
        var decision = Decide(order, fact);
        if (decision.Verdict != Verdict.Applied)
        {
            fact.Reason = decision.Reason;
            return false;
        }

        fact.State = FactState.Applied;
        fact.Reason = string.Empty;
        Derive(order);
        order.Version++;
        return true;
    }

    private Decision Decide(StoredOrder order, OrderFact fact) => fact.Kind switch
    {
        FactKind.Payment => Pay(order, FactPayload.Parse<Contract.Payment>(fact.Payload)),
        FactKind.Shipment => Ship(order, FactPayload.Parse<Contract.Shipment>(fact.Payload)),
        FactKind.Refund => Refund(order, FactPayload.Parse<Contract.Refund>(fact.Payload), fact),
        FactKind.Return => Return(order, FactPayload.Parse<Contract.Return>(fact.Payload)),
        FactKind.Cancellation => Cancel(order, FactPayload.Parse<Contract.Cancellation>(fact.Payload)),
        _ => Decision.Done,
    };

    private Decision Pay(StoredOrder order, Contract.Payment payment)
    {
        if (payment.Amount.CurrencyCode != order.Currency)
        {
            return CurrencyMismatch(order, payment.Amount.CurrencyCode, ExceptionType.OverRefund);
        }

        var amount = payment.Amount.ToDecimal();
        switch (payment.Kind)
        {
            case Contract.PaymentKind.Authorization:
                order.AuthorizedAmount += amount;
                return Decision.Done;
            case Contract.PaymentKind.Void:
                order.Voided = true;
                return Decision.Done;
            case Contract.PaymentKind.Sale:
                order.AuthorizedAmount += amount;
                break;
        }

        order.CapturedAmount += amount;
        events.Emit(order, new OrderPaid
        {
            OrderId = order.Id,
            PaymentId = payment.PaymentId,
            Gateway = payment.Gateway,
            Amount = payment.Amount,
            OccurredAt = payment.OccurredAt,
            Kind = payment.Kind == Contract.PaymentKind.Sale ? "sale" : "capture",
            CapturedTotal = order.CapturedAmount.ToMoney(order.Currency),
        });
        return Decision.Done;
    }

    private Decision Ship(StoredOrder order, Contract.Shipment shipment)
    {
        var lines = new List<(OrderLine Line, long Quantity)>();
        foreach (var item in shipment.Lines)
        {
            var line = order.Lines.FirstOrDefault(l => l.ExternalLineId == item.ExternalLineId);
            if (line is null)
            {
                return UnknownLine(item.ExternalLineId, ExceptionType.OverShipment, "shipment " + shipment.ShipmentId);
            }

            var left = line.Quantity - line.QuantityShipped - line.QuantityCancelled;
            if (item.Quantity > left)
            {
                return new Decision(Verdict.Reject,
                    $"shipment {shipment.ShipmentId} ships {item.Quantity} of line {line.ExternalLineId} ({line.Sku}) but only {left} are left to ship ({line.Quantity} ordered, {line.QuantityShipped} shipped, {line.QuantityCancelled} cancelled)",
                    ExceptionType.OverShipment,
                    Evidence(("shipment_id", shipment.ShipmentId), ("line_id", line.ExternalLineId), ("requested", item.Quantity.ToString()),
                        ("ordered", line.Quantity.ToString()), ("shipped", line.QuantityShipped.ToString()), ("cancelled", line.QuantityCancelled.ToString())));
            }

            lines.Add((line, item.Quantity));
        }

        var evt = new OrderShipped
        {
            OrderId = order.Id,
            ShipmentId = shipment.ShipmentId,
            LocationId = shipment.LocationId,
            OccurredAt = shipment.OccurredAt,
            TrackingCompany = shipment.TrackingCompany,
        };
        evt.TrackingNumbers.AddRange(shipment.TrackingNumbers);
        foreach (var (line, quantity) in lines)
        {
            line.QuantityShipped += quantity;
            evt.Lines.Add(new ShippedLine { LineId = line.ExternalLineId, Sku = line.Sku, Quantity = quantity });
        }

        events.Emit(order, evt);
        return Decision.Done;
    }

    private Decision Refund(StoredOrder order, Contract.Refund refund, OrderFact fact)
    {
        var currencies = refund.Transactions.Select(t => t.Amount.CurrencyCode)
            .Concat(refund.Lines.SelectMany(l => new[] { l.Subtotal?.CurrencyCode, l.TotalTax?.CurrencyCode }))
            .Append(refund.Shipping?.CurrencyCode).Append(refund.ShippingTax?.CurrencyCode)
            .Concat(refund.Adjustments.Select(a => a.Amount?.CurrencyCode))
            .FirstOrDefault(c => c is not null && c != order.Currency);
        if (currencies is not null)
        {
            return CurrencyMismatch(order, currencies, ExceptionType.OverRefund);
        }

        var lines = new List<(OrderLine Line, Contract.RefundLine Item)>();
        foreach (var item in refund.Lines)
        {
            var line = order.Lines.FirstOrDefault(l => l.ExternalLineId == item.ExternalLineId);
            if (line is null)
            {
                return UnknownLine(item.ExternalLineId, ExceptionType.OverRefund, "refund " + refund.RefundId);
            }

            var already = line.QuantityRefunded + lines.Where(l => l.Line == line).Sum(l => l.Item.Quantity);
            if (item.Quantity > line.Quantity - already)
            {
                return new Decision(Verdict.Reject,
                    $"refund {refund.RefundId} refunds {item.Quantity} of line {line.ExternalLineId} ({line.Sku}) but only {line.Quantity - already} are left to refund ({line.Quantity} ordered, {already} refunded)",
                    ExceptionType.OverRefund,
                    Evidence(("refund_id", refund.RefundId), ("line_id", line.ExternalLineId), ("requested", item.Quantity.ToString()),
                        ("ordered", line.Quantity.ToString()), ("refunded", already.ToString())));
            }

            lines.Add((line, item));
        }

        var amount = refund.Transactions.Sum(t => t.Amount.ToDecimal());
        var ceiling = order.Total ?? decimal.MaxValue;
        if (order.RefundedAmount + amount > ceiling)
        {
            return new Decision(Verdict.Reject,
                $"refund {refund.RefundId} of {amount} {order.Currency} would bring refunds to {order.RefundedAmount + amount} {order.Currency}, more than the order total {ceiling} {order.Currency}",
                ExceptionType.OverRefund,
                Evidence(("refund_id", refund.RefundId), ("amount", StoredJson.Text(amount, order.Currency)), ("refunded_before", StoredJson.Text(order.RefundedAmount, order.Currency)),
                    ("order_total", StoredJson.Text(ceiling, order.Currency))));
        }

        if (order.RefundedAmount + amount > order.CapturedAmount)
        {
            // Not refused: the capture it refunds may simply not have arrived yet.
            return new Decision(Verdict.Wait,
                $"waits for a capture: refunds {amount} {order.Currency}, {order.CapturedAmount - order.RefundedAmount} {order.Currency} captured and not refunded so far");
        }

        order.RefundedAmount += amount;
        var evt = new OrderRefunded
        {
            OrderId = order.Id,
            RefundId = refund.RefundId,
            Amount = amount.ToMoney(order.Currency),
            ShippingRefunded = (refund.Shipping?.ToDecimal() ?? 0m).ToMoney(order.Currency),
            ShippingTax = (refund.ShippingTax?.ToDecimal() ?? 0m).ToMoney(order.Currency),
            Adjustments = refund.Adjustments.Sum(a => a.Amount?.ToDecimal() ?? 0m).ToMoney(order.Currency),
            OccurredAt = refund.OccurredAt,
            Cancellation = order.Cancelled || fact.ExternalId.StartsWith("cancel:", StringComparison.Ordinal),
        };
        evt.Transactions.AddRange(refund.Transactions.Select(t => new RefundedTransaction { TransactionId = t.TransactionId, Gateway = t.Gateway, Amount = t.Amount }));
        foreach (var (line, item) in lines)
        {
            var restock = RestockOf(line, item);
            line.QuantityRefunded += item.Quantity;
            if (restock == "cancel")
            {
                // Never shipped and never to be: at most what is still unshipped.
                line.QuantityCancelled += Math.Min(item.Quantity, Math.Max(0, line.Quantity - line.QuantityShipped - line.QuantityCancelled));
            }

            evt.Lines.Add(new RefundedLine
            {
                LineId = line.ExternalLineId,
                Sku = line.Sku,
                Quantity = item.Quantity,
                RestockType = restock,
                LocationId = item.LocationId,
                Subtotal = (item.Subtotal?.ToDecimal() ?? 0m).ToMoney(order.Currency),
                TotalTax = (item.TotalTax?.ToDecimal() ?? 0m).ToMoney(order.Currency),
            });
        }

        events.Emit(order, evt);
        CheckRefundAmount(order, refund, amount, fact);
        return Decision.Done;
    }

    private void CheckRefundAmount(StoredOrder order, Contract.Refund refund, decimal amount, OrderFact fact)
    {
        // A refund of money only (no lines, no shipping) is its own figure; with lines or shipping they must add up.
        if (refund.Lines.Count == 0 && refund.Shipping is null && refund.ShippingTax is null)
        {
            return;
        }

        var lines = refund.Lines.Sum(l => (l.Subtotal?.ToDecimal() ?? 0m) + (l.TotalTax?.ToDecimal() ?? 0m));
        var shipping = (refund.Shipping?.ToDecimal() ?? 0m) + (refund.ShippingTax?.ToDecimal() ?? 0m);
        var adjustments = refund.Adjustments.Sum(a => a.Amount?.ToDecimal() ?? 0m);
        var expected = lines + shipping + adjustments;
        if (expected == amount)
        {
            return;
        }

        desk.Open(order, ExceptionType.RefundAmountMismatch,
            $"refund {refund.RefundId} paid back {amount} {order.Currency} but its lines, shipping and adjustments come to {expected} {order.Currency}",
            Evidence(("refund_id", refund.RefundId), ("transactions", StoredJson.Text(amount, order.Currency)), ("lines", StoredJson.Text(lines, order.Currency)),
                ("shipping", StoredJson.Text(shipping, order.Currency)), ("adjustments", StoredJson.Text(adjustments, order.Currency)), ("expected", StoredJson.Text(expected, order.Currency))),
            fact);
    }

    private static string RestockOf(OrderLine line, Contract.RefundLine item) => item.RestockType switch
    {
        Contract.RestockType.Cancel => "cancel",
        Contract.RestockType.Return => "return",
        // Shopify's legacy restock: a return of what was shipped, a cancel of what was not.
        Contract.RestockType.LegacyRestock => line.QuantityShipped - line.QuantityReturned >= item.Quantity ? "return" : "cancel",
        _ => "no_restock",
    };

    private Decision Return(StoredOrder order, Contract.Return received)
    {
        var lines = new List<(OrderLine Line, long Quantity)>();
        foreach (var item in received.Lines)
        {
            var line = order.Lines.FirstOrDefault(l => l.ExternalLineId == item.ExternalLineId);
            if (line is null)
            {
                return UnknownLine(item.ExternalLineId, ExceptionType.OverReturn, "return " + received.ReturnId);
            }

            if (item.Quantity > line.Quantity - line.QuantityReturned)
            {
                return new Decision(Verdict.Reject,
                    $"return {received.ReturnId} brings back {item.Quantity} of line {line.ExternalLineId} ({line.Sku}) but only {line.Quantity - line.QuantityReturned} were ordered and not returned",
                    ExceptionType.OverReturn,
                    Evidence(("return_id", received.ReturnId), ("line_id", line.ExternalLineId), ("requested", item.Quantity.ToString()),
                        ("ordered", line.Quantity.ToString()), ("returned", line.QuantityReturned.ToString())));
            }

            if (item.Quantity > line.QuantityShipped - line.QuantityReturned)
            {
                return new Decision(Verdict.Wait,
                    $"waits for a shipment: returns {item.Quantity} of line {line.ExternalLineId}, {line.QuantityShipped - line.QuantityReturned} shipped and not returned so far");
            }

            lines.Add((line, item.Quantity));
        }

        var evt = new OrderReturned { OrderId = order.Id, ReturnId = received.ReturnId, LocationId = received.LocationId, OccurredAt = received.OccurredAt };
        foreach (var (line, quantity) in lines)
        {
            line.QuantityReturned += quantity;
            evt.Lines.Add(new ReturnedLine { LineId = line.ExternalLineId, Sku = line.Sku, Quantity = quantity });
        }

        events.Emit(order, evt);
        return Decision.Done;
    }

    private Decision Cancel(StoredOrder order, Contract.Cancellation cancellation)
    {
        order.Cancelled = true;
        order.CancelReason = cancellation.Reason;
        order.CancelledAt = cancellation.OccurredAt?.ToDateTime();
        events.Emit(order, new OrderCancelled
        {
            OrderId = order.Id,
            Reason = cancellation.Reason,
            OccurredAt = cancellation.OccurredAt,
            RefundId = cancellation.RefundId,
        });
        return Decision.Done;
    }

    /// <summary>Statuses follow from what was applied.</summary>
    public static void Derive(StoredOrder order)
    {
        order.FinancialStatus = order switch
        {
            { Voided: true, CapturedAmount: 0m } => FinancialStatus.Voided,
            { RefundedAmount: > 0m } when order.RefundedAmount >= order.CapturedAmount => FinancialStatus.Refunded,
            { RefundedAmount: > 0m } => FinancialStatus.PartiallyRefunded,
            { CapturedAmount: > 0m } when order.Total is null || order.CapturedAmount >= order.Total => FinancialStatus.Paid,
            { CapturedAmount: > 0m } => FinancialStatus.PartiallyPaid,
            { AuthorizedAmount: > 0m } => FinancialStatus.Authorized,
            _ => FinancialStatus.Pending,
        };
        var shippable = order.Lines.Sum(l => l.Quantity - l.QuantityCancelled);
        var shipped = order.Lines.Sum(l => l.QuantityShipped);
        var returned = order.Lines.Sum(l => l.QuantityReturned);
        order.FulfillmentStatus = (shipped, returned) switch
        {
            (_, > 0) when returned >= shipped => FulfillmentStatus.Returned,
            (_, > 0) => FulfillmentStatus.PartiallyReturned,
            (0, _) => FulfillmentStatus.Unfulfilled,
            _ when shipped >= shippable => FulfillmentStatus.Shipped,
            _ => FulfillmentStatus.PartiallyShipped,
        };
    }

    private static Decision UnknownLine(string lineId, ExceptionType type, string what) =>
        new(Verdict.Reject, $"{what} names line '{lineId}', which the order does not have", type, Evidence(("line_id", lineId)));

    private static Decision CurrencyMismatch(StoredOrder order, string currency, ExceptionType type) =>
        new(Verdict.Reject, $"an amount is in {currency} but the order is in {order.Currency}", type, Evidence(("currency", currency), ("order_currency", order.Currency)));

    private static Dictionary<string, string> Evidence(params (string Key, string Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);
}
