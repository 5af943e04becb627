using Integration.Catalog.Data;
using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
using Integration.Catalog.Ownership;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>The outcome of one upsert.</summary>
internal sealed record UpsertResult(Product? Product, bool Created, ChangePlan Plan, IReadOnlyList<OwnershipConflict> Conflicts);

/// <summary>
/// Applies upserts to the store: plan (ownership, stamps), apply, then in the same SaveChanges the version bump,
/// the audit record, recorded conflicts and the product-changed event.
/// </summary>
internal sealed class ProductWriter(CatalogDbContext db, IOutbox outbox, OwnershipRegistry registry, TimeProvider clock)
{
    private const int Attempts = 3;

    private StagedRows? _staged;

    public async Task<UpsertResult> UpsertAsync(UpsertCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var clash = (await ProductClashes.LoadAsync(db, [command], ct)).Find(command);
                if (clash is not null)
                {
                    throw new Integration.ServiceDefaults.Errors.ConflictException(clash);
                }

                var stored = await ProductQueries.Tracked(db).SingleOrDefaultAsync(p => p.Id == command.ProductId, ct);
                var open = await OpenConflictsAsync([command.ProductId], ct);
                var result = Stage(stored, command, open);
                await db.SaveChangesAsync(ct);
                Count(result);
                return result;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent writer changed the product (version token) or took a key first: start again on fresh state.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Open conflicts of these products, so a redelivered non-owner write does not open the same conflict twice.</summary>
    public Task<List<OwnershipConflict>> OpenConflictsAsync(IReadOnlyCollection<string> productIds, CancellationToken ct) =>
        db.Conflicts.Where(c => EF.Parameter(productIds).Contains(c.ProductId) && c.State == OwnershipConflict.Open).ToListAsync(ct);

    /// <summary>Decides and applies one command to a tracked (or absent) product, without saving.</summary>
    public UpsertResult Stage(Product? stored, UpsertCommand command, List<OwnershipConflict> open)
    {
        var plan = ChangePlanner.Plan(stored, command, registry);
        var now = clock.GetUtcNow().UtcDateTime;
        var product = stored;
        if (product is null && plan.CreatesProduct)
        {
            product = ChangePlanner.Blank(command.ProductId);
            product.CreatedAt = now;
            ChangeApplier.Apply(product, plan, command.Source, command.SourceVersion);
            if (_staged is null)
            {
                db.Products.Add(product);
            }
            else
            {
                // Stored by the caller as it is when the batch ends (a later row may change it again).
                _staged.NewProducts.Add(product);
            }
        }
        else if (product is not null)
        {
            ChangeApplier.Apply(product, plan, command.Source, command.SourceVersion);
        }

        var recorded = new List<OwnershipConflict>();
        foreach (var draft in plan.Conflicts)
        {
            var existing = open.Find(c => c.ProductId == command.ProductId && c.Field == draft.Path && c.Writer == draft.Writer && c.AttemptedValue == draft.Attempted);
            if (existing is not null)
            {
                recorded.Add(existing);
                continue;
            }

            var conflict = new OwnershipConflict
            {
                ProductId = command.ProductId, Field = draft.Path, Owner = draft.Owner, Writer = draft.Writer,
                StoredValue = draft.Stored, AttemptedValue = draft.Attempted, SourceVersion = command.SourceVersion, DetectedAt = now,
            };
            db.Conflicts.Add(conflict);
            open.Add(conflict);
            recorded.Add(conflict);
        }

        if (product is not null && plan.Changes)
        {
            Commit(product, plan.ChangedFields, command.Source, command.SourceVersion, plan.CreatesProduct, now);
        }

        return new UpsertResult(product, plan.CreatesProduct, plan, recorded);
    }

    /// <summary>Version bump, audit record and event for an applied change; the caller saves.</summary>
    public void Commit(Product product, IReadOnlyList<FieldChangeDraft> changes, string changedBy, long sourceVersion, bool created, DateTime now)
    {
        product.Version++;
        product.UpdatedAt = now;
        product.LastChangedBy = changedBy;
        var record = new ProductChangeRecord
        {
            ProductId = product.Id, Version = product.Version, ChangedBy = changedBy, SourceVersion = sourceVersion, ChangedAt = now,
            FieldsJson = AuditField.Json(changes),
        };
        if (_staged is null)
        {
            db.Changes.Add(record);
        }
        else
        {
            _staged.Changes.Add(record);
        }

        // Same transaction as the change: the event exists if and only if the change does.
        var evt = product.ToChangedEvent(changedBy, changes.Select(c => c.Path), created);
        if (_staged is null)
        {
            outbox.Enqueue(evt, ProductEvents.AggregateKey(product.Id));
        }
        else
        {
            _staged.Events.Add(ProductEvents.OutboxRow(evt, ProductEvents.AggregateKey(product.Id), clock.GetUtcNow().UtcDateTime));
        }
    }

    /// <summary>
    /// From now on this writer does not track what it creates: new products (with their variants, prices and channel
    /// ids), audit records and events (as outbox rows, in order) are collected for a caller that stores them itself in
    /// the transaction of the change (the import's batched writer). Changes to products loaded from the database are
    /// still tracked.
    /// </summary>
    public StagedRows Collect() => _staged ??= new StagedRows();

    public static void Count(UpsertResult result)
    {
        if (result.Plan.Changes)
        {
            CatalogTelemetry.Changed.Add(1);
        }

        if (result.Plan.Stale.Count > 0)
        {
            CatalogTelemetry.Stale.Add(result.Plan.Stale.Count);
        }

        if (result.Conflicts.Count > 0)
        {
            CatalogTelemetry.Conflicts.Add(result.Conflicts.Count, new KeyValuePair<string, object?>("policy", "record"));
        }
    }
}

/// <summary>What a collecting <see cref="ProductWriter"/> created, untracked, for its caller to store.</summary>
internal sealed class StagedRows
{
    public List<Product> NewProducts { get; } = [];

    public List<ProductChangeRecord> Changes { get; } = [];

    public List<OutboxMessage> Events { get; } = [];
}

/// <summary>One audited field: path, old and new canonical value.</summary>
internal sealed record AuditField(string Field, string Old, string New)
{
    /// <summary>The same text as <c>JsonSerializer.Serialize</c> of the changes as <see cref="AuditField"/>s, written by hand (one per imported product).</summary>
    public static string Json(IReadOnlyList<FieldChangeDraft> changes) => JsonText.Write(changes, static (json, changes) =>
    {
        json.WriteStartArray();
        foreach (var change in changes)
        {
            json.WriteStartObject();
            json.WriteString(nameof(Field), change.Path);
            json.WriteString(nameof(Old), change.Old);
            json.WriteString(nameof(New), change.New);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });
}
