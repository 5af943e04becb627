using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Movements;
using Integration.Inventory.Policies;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Availability;

/// <summary>
/// Announces availability, coalesced: every change bumps a level's version; on each tick a level whose
/// version is ahead of the last announced one gets one event with its latest figures and that version as
/// the sequence. A burst of changes is one event; sequences only grow per level, and the claim of a version
/// is a conditional update, so two replicas never announce the same one and a later event never carries
/// older figures.
/// </summary>
internal sealed partial class AvailabilityPublisher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<InventoryOptions> options, ILogger<AvailabilityPublisher> logger) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>Announces every level changed since its last announcement. Returns the number of events.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        var published = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            var gate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
            (int Claimed, bool More) round;
            using (await gate.EnterAsync(db, ct))
            {
                round = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    var dirty = await db.StockLevels.AsNoTracking().Where(l => l.Version > l.PublishedVersion).Take(Batch).ToListAsync(token);
                    var now = Timestamp.FromDateTime(clock.GetUtcNow().UtcDateTime);
                    var claimed = 0;
                    foreach (var level in dirty)
                    {
                        // Claims this version; the figures read in this transaction are the ones at that version.
                        var won = await db.StockLevels
                            .Where(l => l.Sku == level.Sku && l.LocationId == level.LocationId && l.Version == level.Version && l.PublishedVersion < level.Version)
                            .ExecuteUpdateAsync(s => s.SetProperty(l => l.PublishedVersion, level.Version), token);
                        if (won == 0)
                        {
                            continue;
                        }

                        outbox.Enqueue(new AvailabilityChanged
                        {
                            Sku = level.Sku, LocationId = level.LocationId, OnHand = level.OnHand, Reserved = level.Reserved,
                            SafetyStock = level.SafetyStock, Available = level.OnHand - level.Reserved - level.SafetyStock,
                            Sequence = level.Version, OccurredAt = now,
                        }, StockAggregate.Key(level.Sku, level.LocationId));
                        claimed++;
                    }

                    await db.SaveChangesAsync(token);
                    await transaction.CommitAsync(token);
                    return (claimed, dirty.Count == Batch);
                }, ct);
            }

            published += round.Claimed;
            if (!round.More)
            {
                return published;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AvailabilityPublishInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing availability changes failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
