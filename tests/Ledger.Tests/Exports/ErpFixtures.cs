using System.Text.Json;

namespace Integration.Ledger.Tests.Exports;

/// <summary>The ERP import formats as published by their vendors (tests/fixtures/erp, a copy of ../shared/fixtures/erp; see SOURCES.md).</summary>
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
        // tests/fixtures is the repository's copy, so CI needs nothing outside the clone; ../shared/fixtures is the original.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var fixtures in new[] { Path.Combine(dir.FullName, "fixtures"), Path.Combine(dir.FullName, "shared", "fixtures") })
            {
                if (File.Exists(Path.Combine(fixtures, "SOURCES.md")) && Directory.Exists(Path.Combine(fixtures, "erp")))
                {
                    return Path.Combine(fixtures, "erp");
                }
            }
        }

        throw new DirectoryNotFoundException("fixtures/erp not found above " + AppContext.BaseDirectory);
    }
}
