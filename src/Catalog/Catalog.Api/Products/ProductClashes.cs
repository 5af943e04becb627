using Integration.Catalog.Data;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>
/// Keys that belong to another product: a SKU, or a channel id. Checked before writing so the caller gets
/// AlreadyExists naming the owner rather than a unique-index failure. Loaded once for a set of commands; an import
/// batch then keeps the channel ids current as it stages each row (<see cref="Staged"/>), so a later row of the batch
/// sees the ids an earlier one took or gave up, as a one-by-one import would.
/// </summary>
internal sealed class ProductClashes
{
    private readonly Dictionary<string, string> _skuOwners;
    private readonly Dictionary<(string Channel, string Kind, string Value), (string ProductId, string Sku)> _holders;
    private readonly ILookup<UpsertCommand, (string Sku, ExternalRef Ref)> _wanted;
    private readonly HashSet<(string, string, string)> _released = [];

    private ProductClashes(
        Dictionary<string, string> skuOwners, Dictionary<(string, string, string), (string, string)> holders, ILookup<UpsertCommand, (string, ExternalRef)> wanted)
    {
        _skuOwners = skuOwners;
        _holders = holders;
        _wanted = wanted;
    }

    public static async Task<ProductClashes> LoadAsync(CatalogDbContext db, IReadOnlyList<UpsertCommand> commands, CancellationToken ct)
    {
        var skus = commands.SelectMany(c => c.Variants.Select(v => v.Sku)).Distinct().ToList();
        var owners = skus.Count == 0
            ? []
            : await db.Variants.AsNoTracking().Where(v => EF.Parameter(skus).Contains(v.Sku)).Select(v => new { v.Sku, v.ProductId }).ToDictionaryAsync(v => v.Sku, v => v.ProductId, ct);
        var wanted = commands.SelectMany(c => Refs(c).Select(r => (Command: c, r.Sku, r.Ref))).ToList();
        var values = wanted.Select(w => w.Ref.Value).Distinct().ToList();
        var taken = values.Count == 0
            ? []
            : await db.ExternalIds.AsNoTracking().Where(e => EF.Parameter(values).Contains(e.Value)).ToListAsync(ct);
        // Looked up, not scanned: an import batch of storefront rows carries a thousand commands and their ids.
        // By reference: a command is a record, and hashing its contents for every row was 2 % of an import's CPU.
        return new ProductClashes(
            owners, taken.ToDictionary(e => (e.Channel, e.Kind, e.Value), e => (e.ProductId, e.Sku)),
            wanted.ToLookup(w => w.Command, w => (w.Sku, w.Ref), (IEqualityComparer<UpsertCommand>)ReferenceEqualityComparer.Instance));
    }

    /// <summary>The reason <paramref name="command"/> may not be applied (a key of another product), or null.</summary>
    public string? Find(UpsertCommand command)
    {
        var sku = command.Variants.FirstOrDefault(v => _skuOwners.TryGetValue(v.Sku, out var owner) && owner != command.ProductId);
        if (sku is not null)
        {
            return $"SKU {sku.Sku} already belongs to product {_skuOwners[sku.Sku]}";
        }

        if (_wanted.Count == 0)
        {
            return null;
        }

        foreach (var (wantedSku, wanted) in _wanted[command])
        {
            if (_holders.TryGetValue((wanted.Channel, wanted.Kind, wanted.Value), out var holder) && (holder.ProductId != command.ProductId || holder.Sku != wantedSku))
            {
                var name = holder.Sku.Length == 0 ? $"product {holder.ProductId}" : $"SKU {holder.Sku} of product {holder.ProductId}";
                return $"{wanted.Channel} {wanted.Kind} id {wanted.Value} already belongs to {name}";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the command sets a channel id an earlier row of the batch removed from a product. The batch cannot
    /// store both (the removed row and its new holder share a key in one unit of work), so it is applied row by row.
    /// </summary>
    public bool TakesReleased(UpsertCommand command) =>
        _released.Count > 0 && _wanted.Count > 0 && _wanted[command].Any(w => _released.Contains((w.Ref.Channel, w.Ref.Kind, w.Ref.Value)));

    /// <summary>The channel ids a product holds, to pass to <see cref="Staged"/> once a command is staged on it.</summary>
    public static List<ExternalId> Held(Product? product) => product is null || product.ExternalIds.Count == 0 ? [] : [.. product.ExternalIds];

    /// <summary>A row was staged on <paramref name="product"/>, which held <paramref name="before"/>: later rows see its channel ids as they are now.</summary>
    public void Staged(Product product, List<ExternalId> before)
    {
        foreach (var id in before)
        {
            if (!product.ExternalIds.Contains(id))
            {
                _holders.Remove((id.Channel, id.Kind, id.Value));
                _released.Add((id.Channel, id.Kind, id.Value));
            }
        }

        foreach (var id in product.ExternalIds)
        {
            _holders[(id.Channel, id.Kind, id.Value)] = (product.Id, id.Sku);
        }
    }

    private static IEnumerable<(string Sku, ExternalRef Ref)> Refs(UpsertCommand command) =>
        command.ProductValues.Where(v => v.Field == "external_ids").SelectMany(v => Canonical.ParseExternalIds(v.Value).Select(r => (string.Empty, r)))
            .Concat(command.Variants.SelectMany(variant => variant.Values.Where(v => v.Field == "external_ids")
                .SelectMany(v => Canonical.ParseExternalIds(v.Value).Select(r => (variant.Sku, r)))));
}
