using System.Diagnostics.Metrics;

namespace Integration.Catalog;

/// <summary>Catalog metrics (picked up by the service defaults' "Integration.*" meter filter).</summary>
internal static class CatalogTelemetry
{
    public const string Name = "Integration.Catalog";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Changed = Meter.CreateCounter<long>("integration.catalog.products.changed", "{product}", "Accepted product changes");
    public static readonly Counter<long> Stale = Meter.CreateCounter<long>("integration.catalog.fields.stale", "{field}", "Field writes ignored because a newer source version had set the field");
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("integration.catalog.ownership.conflicts", "{field}", "Writes by a system that does not own the field (tag policy: reject or record)");
}
