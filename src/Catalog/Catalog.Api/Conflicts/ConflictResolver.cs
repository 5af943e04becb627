using System.Text.RegularExpressions;
using Integration.Catalog.Data;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
using Integration.Catalog.Products;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Conflicts;

/// <summary>
/// Closes a conflict. Accepting applies the writer's value as an operator override: audited as "operator:&lt;actor&gt;",
/// a new version and a product-changed event. The field's stamp is left to the owner, so the owner's next newer
/// version still wins: the override is a correction until the system of record catches up, not a change of owner.
/// </summary>
internal sealed partial class ConflictResolver(CatalogDbContext db, ProductWriter writer, TimeProvider clock)
{
    [GeneratedRegex(@"^variants\[(?<sku>[^\]]+)\]\.(?<field>[a-z_]+)$")]
    private static partial Regex VariantPath();

    public async Task<(OwnershipConflict Conflict, Product? Product)> ResolveAsync(long id, bool accept, string actor, string reason, CancellationToken ct)
    {
        var conflict = await db.Conflicts.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"no conflict with id {id}");
        if (conflict.State != OwnershipConflict.Open)
        {
            throw new PreconditionFailedException($"conflict {id} was already {conflict.State} by {conflict.ResolvedBy}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Product? product = null;
        if (accept)
        {
            product = await ProductQueries.Tracked(db).SingleOrDefaultAsync(p => p.Id == conflict.ProductId, ct)
                ?? throw new PreconditionFailedException($"product {conflict.ProductId} does not exist; a creation can only come from the SKU's owner ({conflict.Owner})");
            var (sku, field, old) = Locate(product, conflict);
            if (!string.Equals(old, conflict.AttemptedValue, StringComparison.Ordinal))
            {
                Write(product, sku, field, conflict.AttemptedValue);
                writer.Commit(product, [new FieldChangeDraft(conflict.Field, field, sku, old, conflict.AttemptedValue)], $"operator:{actor}", 0, false, now);
            }
        }

        conflict.State = accept ? OwnershipConflict.Accepted : OwnershipConflict.Dismissed;
        conflict.ResolvedBy = actor;
        conflict.ResolutionReason = reason;
        conflict.ResolvedAt = now;
        await db.SaveChangesAsync(ct);
        return (conflict, product);
    }

    private static (string? Sku, string Field, string Old) Locate(Product product, OwnershipConflict conflict)
    {
        if (ProductFields.All.TryGetValue(conflict.Field, out var productField))
        {
            return (null, conflict.Field, productField.Read(product));
        }

        var match = VariantPath().Match(conflict.Field);
        if (!match.Success || !VariantFields.All.TryGetValue(match.Groups["field"].Value, out var variantField))
        {
            throw new PreconditionFailedException($"{conflict.Field} is the creation of a product or variant; only its owner ({conflict.Owner}) can create it");
        }

        var sku = match.Groups["sku"].Value;
        var variant = product.Variants.Find(v => v.Sku == sku) ?? throw new PreconditionFailedException($"variant {sku} no longer exists");
        return (sku, variantField.Name, variantField.Read(product, variant));
    }

    private static void Write(Product product, string? sku, string field, string value)
    {
        if (sku is null)
        {
            ProductFields.All[field].Write(product, value);
            return;
        }

        VariantFields.All[field].Write(product, product.Variants.Single(v => v.Sku == sku), value);
    }
}
