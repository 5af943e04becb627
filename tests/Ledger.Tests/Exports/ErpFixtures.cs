using System.Text.Json;

namespace Integration.Ledger.Tests.Exports;

/// <summary>The ERP import formats as published by their vendors (shared/fixtures/erp, see SOURCES.md).</summary>
internal static class ErpFixtures
{
    private static readonly string Root = FindRoot();

    public static string[] Dynamics365CsvLines() =>
        File.ReadAllLines(Path.Combine(Root, "dynamics365_finance", "d365fo_general_journal_entity_example.csv"))
            .Where(l => l.Length > 0).ToArray();

    public static JsonElement BusinessCentral(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "business_central", file))).RootElement.Clone();

    private static string FindRoot()
    {
        // /work/main/tests/... -> /work/shared/fixtures/erp (the repository's sibling "shared" folder).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "erp");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/fixtures/erp not found above " + AppContext.BaseDirectory);
    }
}
