using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data.Postings;

namespace Integration.Ledger.Postings;

/// <summary>
/// The posting rules for an order's facts (README: "Posting rules"). Pure: given the order's state and a fact it
/// updates the state and returns the balanced lines to post. Cumulative shares (tax paid, revenue recognised) are
/// rounded as running totals, so partial payments and partial shipments add up to exactly the order's amounts.
/// </summary>
internal sealed class OrderBook(OrderState state, AccountMap accounts, Func<string, SkuCost?> costs)
{
    public OrderState State => state;

    private string Cur => state.Currency;

    public static OrderState Open(OrderPlaced placed, PostingOptions options)
    {
        var currency = placed.CurrencyCode;
        var state = new OrderState { Channel = placed.Channel, Currency = currency, TaxesIncluded = placed.TaxesIncluded };
        foreach (var line in placed.Lines)
        {
            var taxes = line.TaxLines.Select(t => new TaxPart(t.Title, t.Rate, Minor.Of(t.Amount, currency))).ToList();
            var discount = Minor.Of(line.TotalDiscount, currency);
            var gross = Minor.Of((line.UnitPrice?.ToDecimal() ?? 0m) * line.Quantity, currency) - discount;
            var tax = taxes.Sum(t => t.Amount);
            var net = placed.TaxesIncluded ? gross - tax : gross;
            state.Lines.Add(new LineState
            {
                LineId = line.LineId, Sku = line.Sku, Quantity = line.Quantity, Net = net, Taxes = taxes,
                // With tax-inclusive prices the discount carries tax too; revenue is net of tax either way.
                Discount = placed.TaxesIncluded && gross + tax != 0 ? Minor.Share(discount, net, gross) : discount,
            });
        }

        foreach (var shipping in placed.ShippingLines)
        {
            var taxes = shipping.TaxLines.Select(t => new TaxPart(t.Title, t.Rate, Minor.Of(t.Amount, currency))).ToList();
            var gross = Minor.Of(shipping.Price, currency) - Minor.Of(shipping.Discount, currency);
            state.ShippingNet += placed.TaxesIncluded ? gross - taxes.Sum(t => t.Amount) : gross;
            state.ShippingTaxes.AddRange(taxes);
        }

        _ = options;
        return state;
    }

    /// <summary>Paid: clearing ← deferred revenue (net of tax; first settling any receivable) and tax payable.</summary>
    public PostingDraft Paid(OrderPaid paid)
    {
        var draft = new PostingDraft();
        var amount = Minor.Of(paid.Amount, Cur);
        // The sum of the payments posted so far, not the event's captured_total: payments of one order may arrive in any order.
        var captured = state.Paid + amount;
        var total = state.Total;
        var covered = Math.Min(captured, total);
        long taxDelta = 0;
        foreach (var (title, charged) in state.TaxByTitle())
        {
            var target = Minor.Share(charged, covered, total);
            var delta = target - state.TaxPaid.GetValueOrDefault(title);
            draft.Credit(accounts.TaxPayable(title), Cur, delta, $"tax {title} on payment {paid.PaymentId}");
            state.TaxPaid[title] = target;
            taxDelta += delta;
        }

        var net = amount - taxDelta;
        var settles = Math.Clamp(net, 0, state.Receivable);
        draft.Credit(accounts.Receivable, Cur, settles, $"payment {paid.PaymentId} settles shipped goods");
        state.Receivable -= settles;
        draft.Credit(accounts.Deferred, Cur, net - settles, $"payment {paid.PaymentId} before shipment");
        state.Deferred += net - settles;
        draft.Debit(accounts.Clearing(paid.Gateway), Cur, amount, $"payment {paid.PaymentId} via {paid.Gateway}");
        state.Paid = captured;
        state.Gateway = paid.Gateway;
        return draft;
    }

    /// <summary>Shipped: per shipped line deferred revenue → revenue and COGS ← inventory at unit cost; shipping income with the first shipment.</summary>
    public PostingDraft Shipped(OrderShipped shipped)
    {
        var draft = new PostingDraft();
        long recognised = 0;
        foreach (var item in shipped.Lines)
        {
            var line = Find(item.LineId, item.Sku);
            var quantity = Math.Min(item.Quantity, line.Quantity - line.ShippedQuantity);
            if (quantity <= 0)
            {
                continue;
            }

            var cost = Cost(line.Sku);
            var after = line.ShippedQuantity + quantity;
            var target = Minor.Share(line.Net, after, line.Quantity);
            var delta = target - line.Recognised;
            var revenue = accounts.Revenue(state.Channel, cost.GlCategory);
            if (accounts.Options.DiscountMode == DiscountMode.Contra)
            {
                var discount = Minor.Share(line.Discount, after, line.Quantity) - Minor.Share(line.Discount, line.ShippedQuantity, line.Quantity);
                draft.Credit(revenue, Cur, delta + discount, $"{quantity} × {line.Sku} shipped in {shipped.ShipmentId}");
                draft.Debit(accounts.Discounts, Cur, discount, $"discount on {line.Sku}");
            }
            else
            {
                draft.Credit(revenue, Cur, delta, $"{quantity} × {line.Sku} shipped in {shipped.ShipmentId}");
            }

            recognised += delta;
            line.Recognised = target;
            line.ShippedQuantity = after;
            var cogs = Minor.Of(cost.UnitCost * quantity, cost.CostCurrency);
            draft.Debit(accounts.Cogs(state.Channel, cost.GlCategory), cost.CostCurrency, cogs, $"cost of {quantity} × {line.Sku}");
            draft.Credit(accounts.Inventory, cost.CostCurrency, cogs, $"{quantity} × {line.Sku} left {shipped.LocationId}");
        }

        if (!state.ShippingRecognised && !draft.IsEmpty)
        {
            draft.Credit(accounts.Shipping, Cur, state.ShippingNet, "shipping, with the first shipment");
            recognised += state.ShippingNet;
            state.ShippingRecognised = true;
        }

        Recognise(draft, recognised, shipped.ShipmentId);
        return draft;
    }

    /// <summary>
    /// Refunded: the money actually refunded leaves clearing; it is split into tax payable, shipping, and per line
    /// deferred revenue (units never shipped) or sales returns (units shipped); restocked returns put cost back.
    /// </summary>
    public PostingDraft Refunded(OrderRefunded refund)
    {
        var draft = new PostingDraft();
        var amount = Minor.Of(refund.Amount, Cur);
        if (refund.Transactions.Count == 0)
        {
            draft.Credit(accounts.Clearing(state.Gateway), Cur, amount, $"refund {refund.RefundId}");
        }

        foreach (var transaction in refund.Transactions)
        {
            draft.Credit(accounts.Clearing(transaction.Gateway), Cur, Minor.Of(transaction.Amount, Cur), $"refund {refund.RefundId} via {transaction.Gateway}");
        }

        long explained = 0;
        foreach (var item in refund.Lines)
        {
            var line = Find(item.LineId, item.Sku);
            var tax = Minor.Of(item.TotalTax, Cur);
            explained += ReverseTax(draft, line.Taxes, tax, refund.RefundId);
            var subtotal = Minor.Of(item.Subtotal, Cur);
            var net = state.TaxesIncluded ? subtotal - tax : subtotal;
            var unshipped = Math.Clamp(item.Quantity, 0, Math.Max(0, line.Quantity - line.ShippedQuantity - line.RefundedUnshipped));
            var shipped = item.Quantity - unshipped;
            var fromDeferred = item.Quantity == 0 ? (line.ShippedQuantity == 0 ? net : 0) : Minor.Share(net, unshipped, item.Quantity);
            draft.Debit(accounts.Deferred, Cur, fromDeferred, $"refund {refund.RefundId}: {unshipped} × {line.Sku} never shipped");
            state.Deferred -= fromDeferred;
            draft.Debit(accounts.Returns, Cur, net - fromDeferred, $"refund {refund.RefundId}: {shipped} × {line.Sku} shipped");
            explained += net;
            line.RefundedUnshipped += unshipped;
            line.RefundedShipped += shipped;
            if (item.RestockType == "return" && shipped > 0)
            {
                var cost = Cost(line.Sku);
                var value = Minor.Of(cost.UnitCost * shipped, cost.CostCurrency);
                draft.Debit(accounts.Inventory, cost.CostCurrency, value, $"{shipped} × {line.Sku} back to stock at {item.LocationId}");
                draft.Credit(accounts.Cogs(state.Channel, cost.GlCategory), cost.CostCurrency, value, $"cost of {shipped} × {line.Sku} returned");
            }
        }

        explained += ReverseTax(draft, state.ShippingTaxes, Minor.Of(refund.ShippingTax, Cur), refund.RefundId);
        var shipping = Minor.Of(refund.ShippingRefunded, Cur);
        DebitRecognisedOrDeferred(draft, state.ShippingRecognised ? accounts.Shipping : accounts.Deferred, shipping, $"refund {refund.RefundId}: shipping");
        explained += shipping;
        // What the lines, tax and shipping do not explain (order-level adjustments, goodwill): revenue if anything shipped.
        var rest = amount - explained;
        DebitRecognisedOrDeferred(draft, state.Lines.Any(l => l.ShippedQuantity > 0) ? accounts.Returns : accounts.Deferred, rest,
            $"refund {refund.RefundId}: order-level adjustment");
        return draft;
    }

    /// <summary>Cancelled after payment without a refund of its own: deferred revenue and the unshipped part of tax go back against clearing.</summary>
    public PostingDraft Cancelled(OrderCancelled cancelled)
    {
        var draft = new PostingDraft();
        state.Cancelled = true;
        if (cancelled.RefundId.Length > 0 || state.Paid == 0)
        {
            // Its refund posted the money already (the refund event comes first), or nothing was paid.
            return draft;
        }

        var net = state.Lines.Sum(l => l.Net);
        var unshipped = net - state.Lines.Sum(l => l.Recognised);
        long back = 0;
        foreach (var (title, paid) in state.TaxPaid)
        {
            var open = paid - state.TaxReversed.GetValueOrDefault(title);
            var reverse = unshipped == net ? open : Minor.Share(open, unshipped, net);
            draft.Debit(accounts.TaxPayable(title), Cur, reverse, $"cancellation: tax {title}");
            state.TaxReversed[title] = state.TaxReversed.GetValueOrDefault(title) + reverse;
            back += reverse;
        }

        draft.Debit(accounts.Deferred, Cur, state.Deferred, "cancellation: unshipped revenue");
        back += state.Deferred;
        state.Deferred = 0;
        draft.Credit(accounts.Clearing(state.Gateway), Cur, back, $"cancellation: {cancelled.Reason}");
        return draft;
    }

    private void Recognise(PostingDraft draft, long amount, string shipmentId)
    {
        var fromDeferred = Math.Clamp(amount, 0, Math.Max(0, state.Deferred));
        draft.Debit(accounts.Deferred, Cur, fromDeferred, $"recognised at shipment {shipmentId}");
        state.Deferred -= fromDeferred;
        draft.Debit(accounts.Receivable, Cur, amount - fromDeferred, $"shipped before payment ({shipmentId})");
        state.Receivable += amount - fromDeferred;
    }

    private void DebitRecognisedOrDeferred(PostingDraft draft, string account, long amount, string memo)
    {
        draft.Debit(account, Cur, amount, memo);
        if (account == accounts.Deferred)
        {
            state.Deferred -= amount;
        }
    }

    private long ReverseTax(PostingDraft draft, IReadOnlyList<TaxPart> taxes, long amount, string refundId)
    {
        if (amount == 0)
        {
            return 0;
        }

        var parts = taxes.Count == 0 ? [("*", amount)] : taxes.Zip(Minor.Split(amount, taxes.Select(t => t.Amount).ToList()), (t, a) => (t.Title, a)).ToList();
        foreach (var (title, part) in parts)
        {
            draft.Debit(accounts.TaxPayable(title), Cur, part, $"refund {refundId}: tax {title}");
            state.TaxReversed[title] = state.TaxReversed.GetValueOrDefault(title) + part;
        }

        return amount;
    }

    private LineState Find(string lineId, string sku) =>
        state.Lines.Find(l => l.LineId == lineId) ?? state.Lines.Find(l => l.Sku == sku)
        ?? throw new MappingMissingException($"line {lineId} ({sku}) is not a line of the order as placed");

    private SkuCost Cost(string sku) =>
        costs(sku) is { CostCurrency.Length: > 0 } cost ? cost : throw new MappingMissingException($"no unit cost for SKU {sku}: the Catalog has not sent one");
}
