using Integration.Catalog.Data;
using Integration.Catalog.Fields;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>
/// Keys that belong to another product: a SKU, or a channel id. Checked before writing so the caller gets
/// AlreadyExists naming the owner rather than a unique-index failure.
/// </summary>
internal static class ProductClashes
{
    public static async Task<Dictionary<UpsertCommand, string>> FindAsync(CatalogDbContext db, IReadOnlyList<UpsertCommand> commands, CancellationToken ct)
    {
        var clashes = new Dictionary<UpsertCommand, string>();
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
        var byCommand = wanted.ToLookup(w => w.Command);
        var holders = taken.ToDictionary(e => (e.Channel, e.Kind, e.Value));
        foreach (var command in commands)
        {
            var sku = command.Variants.FirstOrDefault(v => owners.TryGetValue(v.Sku, out var owner) && owner != command.ProductId);
            if (sku is not null)
            {
                clashes[command] = $"SKU {sku.Sku} already belongs to product {owners[sku.Sku]}";
                continue;
            }

            var external = byCommand[command]
                .Select(w => (w.Sku, w.Ref, Holder: holders.GetValueOrDefault((w.Ref.Channel, w.Ref.Kind, w.Ref.Value))))
                .FirstOrDefault(w => w.Holder is not null && (w.Holder.ProductId != command.ProductId || w.Holder.Sku != w.Sku));
            if (external.Holder is not null)
            {
                var holder = external.Holder.Sku.Length == 0 ? $"product {external.Holder.ProductId}" : $"SKU {external.Holder.Sku} of product {external.Holder.ProductId}";
                clashes[command] = $"{external.Ref.Channel} {external.Ref.Kind} id {external.Ref.Value} already belongs to {holder}";
            }
        }

        return clashes;
    }

    private static IEnumerable<(string Sku, ExternalRef Ref)> Refs(UpsertCommand command) =>
        command.ProductValues.Where(v => v.Field == "external_ids").SelectMany(v => Canonical.ParseExternalIds(v.Value).Select(r => (string.Empty, r)))
            .Concat(command.Variants.SelectMany(variant => variant.Values.Where(v => v.Field == "external_ids")
                .SelectMany(v => Canonical.ParseExternalIds(v.Value).Select(r => (variant.Sku, r)))));
}
