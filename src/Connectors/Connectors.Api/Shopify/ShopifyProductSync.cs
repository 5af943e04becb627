using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Catalog.V1;
using static Integration.Connectors.Webhooks.JsonValues;

namespace Integration.Connectors.Shopify;

/// <summary>
/// products/update into Catalog as the storefront: only the fields Catalog's ownership registry gives the
/// storefront (title, description, handle, visibility, media, variant titles), versioned by Shopify's updated_at so
/// an older delivery never overwrites a newer one. The ERP creates products; a product Catalog does not know is a
/// mapping failure, not a new product.
/// </summary>
public sealed class ShopifyProductSync(CatalogService.CatalogServiceClient catalog)
{
    public const string SourceSystem = "storefront";

    private static readonly string[] Mask = ["title", "description", "handle", "visibility", "media", "variants.title"];

    public async Task ApplyAsync(string channel, JsonElement product, CancellationToken ct)
    {
        var shopifyId = RequiredId(product, "id");
        var stored = await FindAsync(channel, shopifyId, product, ct);
        var request = new UpsertProductRequest
        {
            SourceSystem = SourceSystem,
            SourceVersion = UnixMilliseconds(product, "updated_at"),
            UpdateMask = new FieldMask { Paths = { Mask } },
            Product = Map(product, stored),
        };
        await catalog.UpsertProductAsync(request, cancellationToken: ct);
    }

    /// <summary>The storefront's fields of the product, its variants matched to Catalog's by SKU (unknown SKUs are not created).</summary>
    public static Product Map(JsonElement product, Product stored)
    {
        var published = product.TryGetProperty("published_at", out var at) && at.ValueKind == JsonValueKind.String;
        var status = Text(product, "status");
        var result = new Product
        {
            ProductId = stored.ProductId,
            Title = Text(product, "title"),
            Description = Text(product, "body_html"),
            Handle = Text(product, "handle"),
            // A draft or archived product, or one not published to the online store, is not shown to shoppers.
            Visibility = published && (status.Length == 0 || status == "active") ? Visibility.Visible : Visibility.Hidden,
        };
        result.Media.AddRange(Items(product, "images")
            .Where(i => Text(i, "src").Length > 0)
            .OrderBy(i => i.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : int.MaxValue)
            .Select(i => new MediaReference { Url = Text(i, "src"), AltText = Text(i, "alt") }));
        var known = stored.Variants.Select(v => v.Sku).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var variant in Items(product, "variants"))
        {
            var sku = Text(variant, "sku").Trim();
            if (known.Contains(sku))
            {
                result.Variants.Add(new Variant { Sku = sku.ToUpperInvariant(), Title = Text(variant, "title") });
            }
        }

        return result;
    }

    private async Task<Product> FindAsync(string channel, string shopifyId, JsonElement product, CancellationToken ct)
    {
        if (await TryGetAsync(new GetProductRequest { ExternalId = new ExternalId { Channel = channel, Kind = "product", Value = shopifyId } }, ct) is { } byId)
        {
            return byId;
        }

        // Not linked yet: the ERP's product is found by a variant's SKU.
        foreach (var sku in Items(product, "variants").Select(v => Text(v, "sku").Trim()).Where(s => s.Length > 0))
        {
            if (await TryGetAsync(new GetProductRequest { Sku = sku }, ct) is { } bySku)
            {
                return bySku;
            }
        }

        throw new MappingException($"Shopify product {shopifyId} of {channel} is not in Catalog (neither its id nor a variant SKU): the ERP creates products, the storefront only describes them");
    }

    private async Task<Product?> TryGetAsync(GetProductRequest request, CancellationToken ct)
    {
        try
        {
            return (await catalog.GetProductAsync(request, cancellationToken: ct)).Product;
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
        {
            // InvalidArgument: a Shopify SKU Catalog's rules cannot hold, so it cannot be one of Catalog's.
            return null;
        }
    }
}
