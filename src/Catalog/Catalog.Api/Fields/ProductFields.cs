using System.Text.RegularExpressions;
using Integration.Catalog.Data.Products;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Fields;

/// <summary>A governed product field: validated from a request, read from and written to the stored product, all as canonical text.</summary>
internal sealed record ProductField(
    string Name, Func<Contract.Product, string, string> FromRequest, Func<Product, string> Read, Action<Product, string> Write)
{
    /// <summary>The field in a request ("product.title"), named in a validation error; built once, not for every row.</summary>
    public string RequestPath { get; } = "product." + Name;
}

internal static partial class ProductFields
{
    private const int MaxMedia = 50;

    public static readonly IReadOnlyDictionary<string, ProductField> All = new ProductField[]
    {
        new("title", (p, path) => Require.Text(p.Title, path, 500, optional: true), p => p.Title, (p, v) => p.Title = v),
        new("description", (p, path) => Require.Text(p.Description, path, 65536, optional: true), p => p.Description, (p, v) => p.Description = v),
        new("active", (p, _) => Canonical.Bool(p.Active), p => Canonical.Bool(p.Active), (p, v) => p.Active = Canonical.ParseBool(v)),
        new("seo_title", (p, path) => Require.Text(p.SeoTitle, path, 500, optional: true), p => p.SeoTitle, (p, v) => p.SeoTitle = v),
        new("seo_description", (p, path) => Require.Text(p.SeoDescription, path, 2000, optional: true), p => p.SeoDescription, (p, v) => p.SeoDescription = v),
        new("handle", (p, path) => Handle(p.Handle, path), p => p.Handle, (p, v) => p.Handle = v),
        new("visibility", (p, _) => p.Visibility == Contract.Visibility.Hidden ? "hidden" : "visible", p => p.Visibility, (p, v) => p.Visibility = v),
        new("media", Media, p => p.MediaJson, (p, v) => p.MediaJson = v),
        new("external_ids", (p, path) => ExternalIds.FromRequest(p.ExternalIds, path, ["product"]),
            p => ExternalIds.Read(p, string.Empty), (p, v) => ExternalIds.Write(p, string.Empty, v)),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex HandlePattern();

    private static string Handle(string value, string path)
    {
        var handle = Require.Text(value, path, 255, optional: true);
        return handle.Length == 0 || HandlePattern().IsMatch(handle)
            ? handle
            : throw new ValidationException(path, $"'{handle}' must be lower-case letters and digits separated by single '-'");
    }

    private static string Media(Contract.Product product, string path)
    {
        if (product.Media.Count > MaxMedia)
        {
            throw new ValidationException(path, $"has {product.Media.Count} items; at most {MaxMedia} are allowed");
        }

        var items = product.Media.Select((m, i) =>
        {
            var url = m.Url.Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || url.Length > 2048)
            {
                throw new ValidationException($"{path}[{i}].url", $"'{(url.Length > 70 ? url[..67] + "..." : url)}' must be an absolute http(s) URL of at most 2048 characters");
            }

            return new MediaItem(url, Require.Text(m.AltText, $"{path}[{i}].alt_text", 500, optional: true));
        });
        return Canonical.Media(items);
    }
}
