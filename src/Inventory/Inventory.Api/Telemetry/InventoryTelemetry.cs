using System.Diagnostics.Metrics;

namespace Integration.Inventory.Telemetry;

/// <summary>Metrics of the Inventory service (meter <c>Integration.Inventory</c>).</summary>
internal static class InventoryTelemetry
{
    public const string Name = "Integration.Inventory";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Granted = Meter.CreateCounter<long>("integration.inventory.reservations.granted", "{reservation}", "Reservations granted");
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("integration.inventory.reservations.rejected", "{reservation}", "Reservations rejected for lack of stock");
    public static readonly Counter<long> Expired = Meter.CreateCounter<long>("integration.inventory.reservations.expired", "{reservation}", "Pending reservations released by the expiry sweep");
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("integration.inventory.reserve.batch_size", "{request}", "Reserve requests decided per transaction (group commit)");
    public static readonly Counter<long> GuardRetries = Meter.CreateCounter<long>("integration.inventory.reserve.guard_retries", "{attempt}", "Allocations re-planned because the database guard refused a stale plan");
    public static readonly Counter<long> LockAcquired = Meter.CreateCounter<long>("integration.inventory.lock.acquired", "{lock}", "Per-SKU Redis locks taken for a reserve batch");
    public static readonly Counter<long> LockUnavailable = Meter.CreateCounter<long>("integration.inventory.lock.unavailable", "{batch}", "Reserve batches decided without the per-SKU lock (Redis down or lock busy); the database guard still holds");

    private static long _violations;

    /// <summary>Violations found by the last invariant check.</summary>
    public static void RecordViolations(long count) => Volatile.Write(ref _violations, count);

    static InventoryTelemetry()
    {
        Meter.CreateObservableGauge("integration.inventory.invariant.violations", () => Volatile.Read(ref _violations), "{violation}",
            "Stock levels whose reserved or on-hand disagrees with its evidence, as of the last check");
    }
}
