using Integration.Inventory.Data;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Policies;
using Integration.Inventory.Stock;
using Integration.Inventory.Telemetry;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Reservations;

/// <summary>
/// Releases pending reservations whose hold has run out, by <see cref="TimeProvider"/> time. Each one is
/// released in its own transaction under the reservation's concurrency token, so a commit racing the
/// sweep either wins (and the reservation stays) or loses (and is refused as expired), never both.
/// </summary>
internal sealed partial class ReservationExpiry(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<InventoryOptions> options, ILogger<ReservationExpiry> logger) : BackgroundService
{
    private const int Batch = 200;

    /// <summary>One sweep: every reservation due now. Returns how many expired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var expired = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.Reservations.AsNoTracking()
                .Where(r => r.State == ReservationStates.Pending && r.ExpiresAt != null && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(Batch).ToListAsync(ct);
            foreach (var id in due)
            {
                if (await ExpireAsync(scope.ServiceProvider, db, id, ct))
                {
                    expired++;
                }
            }

            if (due.Count < Batch)
            {
                return expired;
            }
        }
    }

    private async Task<bool> ExpireAsync(IServiceProvider services, InventoryDbContext db, string id, CancellationToken ct)
    {
        var lifecycle = new ReservationLifecycle(db, services.GetRequiredService<IOutbox>(), clock);
        var done = await new WriteRunner(db, services.GetRequiredService<SqliteWriteGate>()).RunAsync(async token =>
        {
            var reservation = await lifecycle.LoadAsync(id, token);
            // Re-checked inside the transaction: a commit may have got there first.
            if (reservation.State != ReservationStates.Pending || reservation.ExpiresAt > clock.GetUtcNow().UtcDateTime)
            {
                return false;
            }

            await lifecycle.ReleaseAsync(reservation, ReservationStates.Expired, "expired", token);
            return true;
        }, ct);
        if (done)
        {
            InventoryTelemetry.Expired.Add(1);
            LogExpired(logger, id);
        }

        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Reservations.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId} expired; its units are available again")]
    private static partial void LogExpired(ILogger logger, string reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation expiry sweep failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
