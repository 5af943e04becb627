using Integration.Order.Data.Facts;
using Integration.Order.Orders;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Order.V1;
using WireMoney = Integration.Contracts.Common.V1.Money;

namespace Integration.Order.Facts;

/// <summary>
/// Edge validation of facts: ids, quantities, amounts well-formed and (when the order is known) in its currency.
/// What depends on the order's state (too many units, too much money) is the lifecycle's business, not a bad request.
/// </summary>
internal static class FactInputs
{
    private const long MaxQuantity = 100_000;
    private const int MaxLines = 1000;

    public static NewFact Payment(Contract.Payment? payment, string? currency, DateTime now)
    {
        if (payment is null)
        {
            throw new ValidationException("payment", "is required");
        }

        var clean = payment.Clone();
        clean.PaymentId = Require.Text(payment.PaymentId, "payment.payment_id", 64);
        clean.Gateway = Require.Text(payment.Gateway, "payment.gateway", 64, optional: true);
        clean.ParentPaymentId = Require.Text(payment.ParentPaymentId, "payment.parent_payment_id", 64, optional: true);
        if (payment.Kind == Contract.PaymentKind.Unspecified || !Enum.IsDefined(payment.Kind))
        {
            throw new ValidationException("payment.kind", "give AUTHORIZATION, CAPTURE, SALE or VOID");
        }

        Money(payment.Amount, "payment.amount", currency);
        var at = When(clean.OccurredAt, "payment.occurred_at", now);
        clean.OccurredAt = OrderEvents.At(at);
        return new NewFact(FactKind.Payment, clean.PaymentId, clean, at);
    }

    public static NewFact Shipment(Contract.Shipment? shipment, DateTime now)
    {
        if (shipment is null)
        {
            throw new ValidationException("shipment", "is required");
        }

        var clean = shipment.Clone();
        clean.ShipmentId = Require.Text(shipment.ShipmentId, "shipment.shipment_id", 64);
        clean.LocationId = Require.Text(shipment.LocationId, "shipment.location_id", 64, optional: true);
        clean.TrackingCompany = Require.Text(shipment.TrackingCompany, "shipment.tracking_company", 255, optional: true);
        Lines(clean.Lines, "shipment.lines", required: true);
        var at = When(clean.OccurredAt, "shipment.occurred_at", now);
        clean.OccurredAt = OrderEvents.At(at);
        return new NewFact(FactKind.Shipment, clean.ShipmentId, clean, at);
    }

    public static NewFact Return(Contract.Return? received, DateTime now)
    {
        if (received is null)
        {
            throw new ValidationException("return", "is required");
        }

        var clean = received.Clone();
        clean.ReturnId = Require.Text(received.ReturnId, "return.return_id", 64);
        clean.LocationId = Require.Text(received.LocationId, "return.location_id", 64);
        Lines(clean.Lines, "return.lines", required: true);
        var at = When(clean.OccurredAt, "return.occurred_at", now);
        clean.OccurredAt = OrderEvents.At(at);
        return new NewFact(FactKind.Return, clean.ReturnId, clean, at);
    }

    /// <summary>A refund; <paramref name="idPrefix"/> marks one made with a cancellation.</summary>
    public static NewFact Refund(Contract.Refund? refund, string? currency, DateTime now, string path = "refund", string idPrefix = "")
    {
        if (refund is null)
        {
            throw new ValidationException(path, "is required");
        }

        var clean = refund.Clone();
        clean.RefundId = Require.Text(refund.RefundId, path + ".refund_id", 64);
        clean.Note = Require.Text(refund.Note, path + ".note", 1000, optional: true);
        if (refund.Lines.Count > MaxLines)
        {
            throw new ValidationException(path + ".lines", $"has {refund.Lines.Count} lines; at most {MaxLines} are allowed");
        }

        for (var i = 0; i < clean.Lines.Count; i++)
        {
            var line = clean.Lines[i];
            var at = $"{path}.lines[{i}]";
            line.ExternalLineId = Require.Text(line.ExternalLineId, at + ".external_line_id", 64);
            Require.Quantity(line.Quantity, at + ".quantity", MaxQuantity);
            if (!Enum.IsDefined(line.RestockType))
            {
                throw new ValidationException(at + ".restock_type", $"{line.RestockType} is not a restock type");
            }

            line.LocationId = Require.Text(line.LocationId, at + ".location_id", 64, optional: true);
            Optional(line.Subtotal, at + ".subtotal", currency);
            Optional(line.TotalTax, at + ".total_tax", currency);
        }

        Optional(clean.Shipping, path + ".shipping", currency);
        Optional(clean.ShippingTax, path + ".shipping_tax", currency);
        for (var i = 0; i < clean.Adjustments.Count; i++)
        {
            var adjustment = clean.Adjustments[i];
            Money(adjustment.Amount, $"{path}.adjustments[{i}].amount", currency, allowNegative: true);
            adjustment.Kind = Require.Text(adjustment.Kind, $"{path}.adjustments[{i}].kind", 64, optional: true);
        }

        for (var i = 0; i < clean.Transactions.Count; i++)
        {
            var transaction = clean.Transactions[i];
            transaction.TransactionId = Require.Text(transaction.TransactionId, $"{path}.transactions[{i}].transaction_id", 64, optional: true);
            Money(transaction.Amount, $"{path}.transactions[{i}].amount", currency);
        }

        var moneyCurrencies = clean.Transactions.Select(t => t.Amount.CurrencyCode).Distinct(StringComparer.Ordinal).Count();
        if (moneyCurrencies > 1)
        {
            throw new ValidationException(path + ".transactions", "all transactions must be in one currency");
        }

        var when = When(clean.OccurredAt, path + ".occurred_at", now);
        clean.OccurredAt = OrderEvents.At(when);
        return new NewFact(FactKind.Refund, idPrefix + clean.RefundId, clean, when);
    }

    private static void Lines(IList<Contract.ShipmentLine> lines, string path, bool required)
    {
        if (required && lines.Count == 0)
        {
            throw new ValidationException(path, "at least one line is required");
        }

        if (lines.Count > MaxLines)
        {
            throw new ValidationException(path, $"has {lines.Count} lines; at most {MaxLines} are allowed");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].ExternalLineId = Require.Text(lines[i].ExternalLineId, $"{path}[{i}].external_line_id", 64);
            Require.Quantity(lines[i].Quantity, $"{path}[{i}].quantity", MaxQuantity);
        }
    }

    private static void Money(WireMoney? money, string field, string? currency, bool allowNegative = false)
    {
        var amount = Require.Money(money, field, expectedCurrency: currency, allowNegative: allowNegative);
        if (Math.Abs(amount) >= 1_000_000_000_000_000m)
        {
            throw new ValidationException(field, $"{amount} is too large");
        }
    }

    private static void Optional(WireMoney? money, string field, string? currency)
    {
        if (money is not null)
        {
            Money(money, field, currency);
        }
    }

    public static DateTime When(Google.Protobuf.WellKnownTypes.Timestamp? at, string field, DateTime now) => Instants.Read(at, field) ?? now;
}
