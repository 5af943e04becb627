using Integration.Catalog.Data.Products;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Fields;

/// <summary>The external_ids field of a product (SKU empty) or of a variant: one set per owner entity, kept in one table.</summary>
internal static class ExternalIds
{
    private const int Max = 20;

    public static string FromRequest(IEnumerable<Contract.ExternalId> ids, string path, IReadOnlyList<string> kinds)
    {
        var list = ids.ToList();
        if (list.Count > Max)
        {
            throw new ValidationException(path, $"has {list.Count} ids; at most {Max} are allowed");
        }

        var refs = list.Select((id, i) =>
        {
            var channel = Require.Identifier(id.Channel, $"{path}[{i}].channel");
            var kind = id.Kind.Trim();
            if (!kinds.Contains(kind))
            {
                throw new ValidationException($"{path}[{i}].kind", $"'{kind}' must be one of {string.Join(", ", kinds)}");
            }

            var value = Require.Text(id.Value, $"{path}[{i}].value", 128);
            return new ExternalRef(channel, kind, value);
        }).ToList();
        var duplicate = refs.GroupBy(r => (r.Channel, r.Kind)).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? Canonical.ExternalIds(refs)
            : throw new ValidationException(path, $"two ids for channel {duplicate.Key.Channel}, kind {duplicate.Key.Kind}");
    }

    public static string Read(Product product, string sku) =>
        Canonical.ExternalIds(product.ExternalIds.Where(e => e.Sku == sku).Select(e => new ExternalRef(e.Channel, e.Kind, e.Value)));

    public static void Write(Product product, string sku, string value)
    {
        var wanted = Canonical.ParseExternalIds(value);
        product.ExternalIds.RemoveAll(e => e.Sku == sku && !wanted.Contains(new ExternalRef(e.Channel, e.Kind, e.Value)));
        foreach (var id in wanted.Where(w => !product.ExternalIds.Any(e => e.Sku == sku && new ExternalRef(e.Channel, e.Kind, e.Value) == w)))
        {
            product.ExternalIds.Add(new ExternalId { ProductId = product.Id, Sku = sku, Channel = id.Channel, Kind = id.Kind, Value = id.Value });
        }
    }
}
