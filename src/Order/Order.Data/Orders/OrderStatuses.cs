namespace Integration.Order.Data.Orders;

/// <summary>Where the money of an order stands; stored by name so the column reads without a lookup table.</summary>
public enum FinancialStatus
{
    Pending,
    Authorized,
    Paid,
    PartiallyRefunded,
    Refunded,
    Voided,
    PartiallyPaid,
}

/// <summary>Where the goods of an order stand; stored by name.</summary>
public enum FulfillmentStatus
{
    Unfulfilled,
    PartiallyShipped,
    Shipped,
    Returned,
    PartiallyReturned,
}
