namespace Integration.Order.Data.Exceptions;

/// <summary>A business exception on an order: a problem no technical retry fixes, kept until a person (or the system) closes it.</summary>
public sealed class OrderException
{
    public required string Id { get; set; }

    public required string OrderId { get; set; }

    public required string Channel { get; set; }

    public required string ExternalOrderId { get; set; }

    public ExceptionType Type { get; set; }

    public ExceptionState State { get; set; }

    /// <summary>Holds the order's events while open or retrying.</summary>
    public bool Blocking { get; set; }

    public required string Message { get; set; }

    /// <summary>The figures behind it, as a JSON object of strings.</summary>
    public string Evidence { get; set; } = "{}";

    /// <summary>The fact it is about (a refused shipment, a mismatching refund), if any.</summary>
    public long? FactId { get; set; }

    /// <summary>Navigation so a fact saved in the same SaveChanges gets its key here.</summary>
    public Facts.OrderFact? Fact { get; set; }

    public int Attempts { get; set; }

    public DateTime OpenedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ExceptionAction> Actions { get; set; } = [];
}

/// <summary>One audited step of an exception.</summary>
public sealed class ExceptionAction
{
    public long Id { get; set; }

    public required string ExceptionId { get; set; }

    public required string Action { get; set; }

    public required string Actor { get; set; }

    public string Reason { get; set; } = string.Empty;

    public ExceptionState FromState { get; set; }

    public ExceptionState ToState { get; set; }

    public DateTime At { get; set; }
}

/// <summary>Stored by name.</summary>
public enum ExceptionType
{
    UnknownSku,
    ReservationRejected,
    TotalsMismatch,
    TaxMismatch,
    RefundAmountMismatch,
    OverShipment,
    OverRefund,
    OverReturn,
}

/// <summary>Stored by name.</summary>
public enum ExceptionState
{
    Open,
    Retrying,
    Resolved,
    Ignored,
}
