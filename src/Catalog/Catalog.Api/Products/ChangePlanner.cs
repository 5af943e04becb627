using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
using Integration.Catalog.Ownership;
using Integration.ServiceDefaults.Errors;

namespace Integration.Catalog.Products;

/// <summary>
/// Decides each field of an upsert against the ownership registry and the field's stamp. The rules:
/// the owner's write applies unless the owner already set the field from a newer (or the same) source version;
/// a non-owner may fill a field the owner has never set, and otherwise is refused or recorded per the registry.
/// Writing the value already stored is never a conflict. Pure: it reads the stored product and changes nothing.
/// </summary>
internal static class ChangePlanner
{
    public static ChangePlan Plan(Product? stored, UpsertCommand command, OwnershipRegistry registry)
    {
        var plan = new ChangePlan();
        var identity = registry.For(FieldNames.VariantEntity, FieldNames.Sku);
        var product = stored;
        if (product is null)
        {
            if (!MayCreate(plan, identity, command, $"product[{command.ProductId}]"))
            {
                return Finish(plan);
            }

            plan.CreatesProduct = true;
            product = Blank(command.ProductId);
        }

        var stamps = plan.ProductStamps = FieldStamps.Parse(product.Stamps);
        foreach (var value in command.ProductValues)
        {
            var rule = registry.For(FieldNames.ProductEntity, value.Field);
            Decide(plan, rule, stamps.Get(value.Field), command, value.Field, null, value.Field, ProductFields.All[value.Field].Read(product), value.Value);
        }

        foreach (var variant in command.Variants)
        {
            var existing = product.Variants.Find(v => v.Sku == variant.Sku);
            if (existing is null)
            {
                if (!MayCreate(plan, identity, command, $"variants[{variant.Sku}]"))
                {
                    continue;
                }

                plan.NewSkus.Add(variant.Sku);
                existing = new Variant { ProductId = product.Id, Sku = variant.Sku };
            }

            var variantStamps = FieldStamps.Parse(existing.Stamps);
            plan.VariantStamps[variant.Sku] = variantStamps;
            foreach (var value in variant.Values)
            {
                var rule = registry.For(FieldNames.VariantEntity, value.Field);
                Decide(plan, rule, variantStamps.Get(value.Field), command, value.Field, variant.Sku,
                    FieldNames.VariantPath(variant.Sku, value.Field), VariantFields.All[value.Field].Read(product, existing), value.Value);
            }
        }

        return Finish(plan);
    }

    /// <summary>A product as it reads before anything was written to it.</summary>
    public static Product Blank(string id) => new() { Id = id };

    private static bool MayCreate(ChangePlan plan, OwnershipRule identity, UpsertCommand command, string path)
    {
        if (identity.Owner == command.Source)
        {
            return true;
        }

        plan.Conflicts.Add(new ConflictDraft(path, identity.Owner, command.Source, string.Empty, "create", identity.Policy));
        return false;
    }

    private static void Decide(
        ChangePlan plan, OwnershipRule rule, FieldStamps.Stamp? stamp, UpsertCommand command, string field, string? sku, string path, string old, string value)
    {
        var same = string.Equals(old, value, StringComparison.Ordinal);
        var ownerHasSpoken = stamp is { } spoken && spoken.By == rule.Owner;
        if (command.Source != rule.Owner && ownerHasSpoken)
        {
            if (!same)
            {
                plan.Conflicts.Add(new ConflictDraft(path, rule.Owner, command.Source, old, value, rule.Policy));
            }

            return;
        }

        // The owner's own writes, or a non-owner filling a field the owner never set: newest source version wins.
        if (stamp is { } own && own.By == command.Source && command.SourceVersion <= own.V)
        {
            if (!same)
            {
                plan.Stale.Add(path);
            }

            return;
        }

        (same ? plan.StampOnly : plan.Applied).Add(new FieldChangeDraft(path, field, sku, old, value));
    }

    private static ChangePlan Finish(ChangePlan plan)
    {
        var rejected = plan.Conflicts.Where(c => c.Policy == ConflictPolicy.Reject).ToList();
        if (rejected.Count > 0)
        {
            var first = rejected[0];
            var more = rejected.Count > 1 ? $" (and {rejected.Count - 1} more: {string.Join(", ", rejected.Skip(1).Take(5).Select(c => c.Path))})" : string.Empty;
            throw new PreconditionFailedException(
                $"{first.Path} is owned by {first.Owner}; {first.Writer} may not change it{more}. Nothing was applied.");
        }

        return plan;
    }
}
