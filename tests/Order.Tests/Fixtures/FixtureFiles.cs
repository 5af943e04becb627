using System.Text.Json;

namespace Integration.Order.Tests.Fixtures;

/// <summary>The real channel bodies in tests/fixtures (a copy of ../shared/fixtures; see SOURCES.md there).</summary>
internal static class FixtureFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // tests/fixtures is the repository's copy of ../shared/fixtures, so CI needs nothing outside the clone.
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "fixtures"), Path.Combine(dir.FullName, "shared", "fixtures") })
            {
                if (File.Exists(Path.Combine(candidate, "SOURCES.md")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("shared/fixtures not found above " + AppContext.BaseDirectory);
    });

    public static JsonElement Shopify(string name) => Read("shopify", $"rest_2026-07_{name}__shopify-app-js.json");

    public static JsonElement WooCommerce(string name) => Read("woocommerce", name);

    private static JsonElement Read(string folder, string file)
    {
        // The bodies are parsed as documents, never bound to doubles: numbers are read from their raw text.
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root.Value, folder, file)));
        return document.RootElement.Clone();
    }
}
