using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
using Integration.Catalog.Products;

namespace Integration.Catalog.Import;

/// <summary>
/// The keys an import batch reads (its products, SKUs and channel-id values) or writes (those, plus the channel ids
/// its stored products held, which a change may delete). A batch staged while an earlier one is still being written
/// reads the database as it was before that write; that is the state a row-by-row import would see only if the two
/// batches share no key, so a batch that shares one waits for the earlier write first.
/// </summary>
internal sealed class ImportKeys
{
    private readonly HashSet<string> _products = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skus = new(StringComparer.Ordinal);
    private readonly HashSet<string> _channelIds = new(StringComparer.Ordinal);

    /// <summary>What staging these commands reads: products by id (with their conflicts), SKU owners, channel-id holders.</summary>
    public static ImportKeys Read(IEnumerable<UpsertCommand> commands)
    {
        var keys = new ImportKeys();
        foreach (var command in commands)
        {
            keys._products.Add(command.ProductId);
            keys.AddChannelIds(command.ProductValues);
            foreach (var variant in command.Variants)
            {
                keys._skus.Add(variant.Sku);
                keys.AddChannelIds(variant.Values);
            }
        }

        return keys;
    }

    /// <summary>
    /// Widens what the commands read to what writing them may change: rows of these products only (variants are
    /// created for the commands' SKUs and never deleted; channel ids are added from the commands, or removed from
    /// these stored products, which hold them now).
    /// </summary>
    public void AddHeldBy(IEnumerable<Product> stored)
    {
        foreach (var product in stored)
        {
            foreach (var id in product.ExternalIds)
            {
                _channelIds.Add(id.Value);
            }
        }
    }

    public bool Overlaps(ImportKeys other) =>
        _products.Overlaps(other._products) || _skus.Overlaps(other._skus) || _channelIds.Overlaps(other._channelIds);

    private void AddChannelIds(IReadOnlyList<FieldValue> values)
    {
        foreach (var value in values)
        {
            if (value.Field == "external_ids")
            {
                foreach (var id in Canonical.ParseExternalIds(value.Value))
                {
                    _channelIds.Add(id.Value);
                }
            }
        }
    }
}
