using System.Text.Json;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>
/// The real storefront bodies in tests/fixtures (the repository's copy of ../shared/fixtures; see SOURCES.md). Files
/// only in the workspace's shared copy (the GPL WooCommerce signature vector) are optional: CI has only tests/fixtures.
/// </summary>
public static class FixtureFiles
{
    private static readonly Lazy<(string Repository, string? Shared)> Roots = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var repository = Path.Combine(dir.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(repository, "SOURCES.md")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
                return (repository, Directory.Exists(shared) ? shared : null);
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
    });

    public static string RepositoryRoot => Roots.Value.Repository;

    /// <summary>The workspace's ../shared/fixtures, when this clone sits in one.</summary>
    public static string? SharedRoot => Roots.Value.Shared;

    public static JsonElement Json(string folder, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot, folder, file)));
        return document.RootElement.Clone();
    }

    public static JsonElement Shopify(string name) => Json("shopify", $"rest_2026-07_{name}__shopify-app-js.json");

    /// <summary>
    /// A webhook body cut verbatim out of a fixture: the text of one property (e.g. the "order" of a REST response,
    /// which is exactly what the orders/* webhook sends), never re-serialised.
    /// </summary>
    public static byte[] ShopifyBody(string name, params string[] path)
    {
        var element = Shopify(name);
        foreach (var step in path)
        {
            element = int.TryParse(step, out var index) ? element[index] : element.GetProperty(step);
        }

        return System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
    }

    public static byte[] WooCommerceBody(string file) => File.ReadAllBytes(Path.Combine(RepositoryRoot, "woocommerce", file));
}
