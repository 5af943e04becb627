namespace Integration.Catalog.Import;

/// <summary>The bulk import's settings (section <c>Catalog:Import</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Catalog:Import";

    /// <summary>Rows per batch: one transaction each. Larger batches cost fewer queries a row but hold more in memory.</summary>
    public int BatchSize { get; set; } = 1000;
}
