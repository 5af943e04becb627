namespace Integration.Connectors.Vendure;

/// <summary>
/// How Vendure channels are polled (configuration section <c>Connectors:Vendure</c>); the channels themselves are
/// <c>Connectors:Channels:&lt;name&gt;</c> with <c>Kind = vendure</c>, <c>ApiUrl</c> = the Admin API address,
/// <c>ApiUser</c>/<c>ApiPassword</c> = an administrator, <c>Locations</c> = Vendure stock location id → our location id.
/// </summary>
public sealed class VendurePollingOptions
{
    public const string Section = "Connectors:Vendure";

    /// <summary>Pause between polls of new orders.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far behind the cursor each poll reads again. Vendure stamps times to the second in SQLite and two checkouts can
    /// commit out of their placement order, so an order placed just before the cursor can appear after it was read.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often open orders (placed, not Delivered or Cancelled) are read again for payments, fulfilments, refunds and
    /// cancellations: Vendure does not move an order's updatedAt when those change, so no cursor can find them.
    /// </summary>
    public TimeSpan OpenOrderSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often Delivered and Cancelled orders placed within <see cref="RefundWindow"/> are read again (for late refunds).</summary>
    public TimeSpan ClosedOrderSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after placement a closed order is still watched for refunds.</summary>
    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Orders per Admin API page.</summary>
    public int PageSize { get; set; } = 50;
}
