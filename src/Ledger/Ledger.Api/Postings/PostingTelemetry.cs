using System.Diagnostics.Metrics;

namespace Integration.Ledger.Postings;

/// <summary>Ledger posting metrics.</summary>
internal static class PostingTelemetry
{
    private static readonly Meter Meter = new("Integration.Ledger");

    public static readonly Counter<long> Held = Meter.CreateCounter<long>("integration.ledger.postings.held", "{fact}", "Facts held as business exceptions (order unknown, mapping or cost missing)");
    public static readonly Counter<long> TaxMismatches = Meter.CreateCounter<long>("integration.ledger.tax.mismatches", "{order}", "Orders whose charged tax differs from the recomputation beyond tolerance");
    public static readonly ObservableGauge<long> OpenDifferences = Meter.CreateObservableGauge(
        "integration.ledger.reconciliation.open_differences", () => Reconciliation.ReconciliationJob.Differences, "{difference}",
        "Differences found by the last scheduled reconciliation");

    public static readonly Counter<long> ReconciliationDifferences = Meter.CreateCounter<long>("integration.ledger.reconciliation.differences", "{difference}", "Differences found by reconciliation");
}
