using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Integration.Inventory.Data;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Movements;
using Integration.Inventory.Stock;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Reservations;

/// <summary>Units of a SKU leaving stock against a reservation; <see cref="LocationId"/> picks the line (and where on-hand goes down).</summary>
internal sealed record ConsumeItem(string Sku, long Quantity, string? LocationId);

/// <summary>
/// Commit, release, expiry and consumption of reservations, inside the caller's transaction. The
/// reservation row carries an optimistic concurrency token, so two of these racing on one reservation
/// never both apply: the loser's SaveChanges fails, its transaction (with its stock statements) rolls
/// back, and it runs again on the new state. Stock levels change by increments only.
/// </summary>
internal sealed class ReservationLifecycle(InventoryDbContext db, IOutbox outbox, TimeProvider clock)
{
    private readonly StockSql _sql = new(db);

    public async Task<Reservation> LoadAsync(string reservationId, CancellationToken ct) =>
        await db.Reservations.Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == reservationId, ct)
        ?? throw new NotFoundException($"no reservation with id '{reservationId}'");

    /// <summary>Pending to committed (no expiry any more); optionally re-assigned to an order. Committed again is a no-op.</summary>
    public void Commit(Reservation reservation, string? orderId)
    {
        if (reservation.State == ReservationStates.Committed && (orderId is null || orderId == reservation.OrderId))
        {
            return;
        }

        if (!ReservationStates.IsOpen(reservation.State))
        {
            throw new PreconditionFailedException($"reservation '{reservation.Id}' is {reservation.State} and cannot be committed");
        }

        reservation.State = ReservationStates.Committed;
        reservation.ExpiresAt = null;
        reservation.OrderId = orderId ?? reservation.OrderId;
        Touch(reservation);
    }

    /// <summary>Gives every open unit back; the reservation ends as <paramref name="finalState"/>. A closed one is left as it is.</summary>
    public async Task ReleaseAsync(Reservation reservation, string finalState, string reason, CancellationToken ct)
    {
        if (reservation.State == ReservationStates.Rejected)
        {
            throw new PreconditionFailedException($"reservation '{reservation.Id}' was rejected and holds nothing");
        }

        if (!ReservationStates.IsOpen(reservation.State))
        {
            return;
        }

        var released = new List<(ReservationLine, long)>();
        foreach (var line in reservation.Lines.Where(l => l.Open > 0).OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.LocationId, StringComparer.Ordinal))
        {
            var units = line.Open;
            await ReleaseStockAsync(line, units, ct);
            line.Released += units;
            released.Add((line, units));
        }

        reservation.State = finalState;
        Touch(reservation);
        outbox.Enqueue(ReservationEvents.Released(reservation, reason, released, clock.GetUtcNow().UtcDateTime), ReservationEvents.AggregateKey(reservation.Id));
    }

    /// <summary>Releases up to <paramref name="quantity"/> open units of <paramref name="sku"/> (a partly cancelled order).</summary>
    public async Task<long> ReleaseUnitsAsync(Reservation reservation, string sku, long quantity, string reason, CancellationToken ct)
    {
        var released = new List<(ReservationLine, long)>();
        var left = quantity;
        foreach (var line in reservation.Lines.Where(l => l.Sku == sku && l.Open > 0).OrderBy(l => l.LineNo))
        {
            var units = Math.Min(left, line.Open);
            await ReleaseStockAsync(line, units, ct);
            line.Released += units;
            released.Add((line, units));
            left -= units;
            if (left == 0)
            {
                break;
            }
        }

        if (released.Count > 0)
        {
            CloseIfDone(reservation, ReservationStates.Released);
            Touch(reservation);
            outbox.Enqueue(ReservationEvents.Released(reservation, reason, released, clock.GetUtcNow().UtcDateTime), ReservationEvents.AggregateKey(reservation.Id));
        }

        return quantity - left;
    }

    /// <summary>
    /// Consumes reserved units: reserved goes down on the line's location and on-hand goes down at
    /// <paramref name="shipFrom"/> (the line's own location when null), one shipment movement each.
    /// With <paramref name="strict"/> consuming more than is open is refused; otherwise (a shipment that
    /// already happened) the excess leaves on-hand without a reservation.
    /// </summary>
    public async Task ConsumeAsync(Reservation? reservation, string movementPrefix, IReadOnlyList<ConsumeItem> items, string? shipFrom, string reference, string hash, bool strict, CancellationToken ct)
    {
        if (reservation is not null && strict && !ReservationStates.IsOpen(reservation.State))
        {
            throw new PreconditionFailedException($"reservation '{reservation.Id}' is {reservation.State}; only pending or committed reservations can be consumed");
        }

        var booker = new MovementBooker(db, outbox, clock);
        var n = 0;
        foreach (var item in items)
        {
            var left = item.Quantity;
            var lines = reservation is null ? [] : reservation.Lines
                .Where(l => l.Sku == item.Sku && l.Open > 0 && (item.LocationId is null || !strict || l.LocationId == item.LocationId))
                .OrderBy(l => l.LocationId == (item.LocationId ?? shipFrom) ? 0 : 1).ThenBy(l => l.LineNo)
                .ToList();
            if (strict && lines.Sum(l => l.Open) < item.Quantity)
            {
                throw new PreconditionFailedException(
                    $"reservation '{reservation?.Id}' holds {lines.Sum(l => l.Open)} open units of {item.Sku}{(item.LocationId is null ? string.Empty : " at " + item.LocationId)}; {item.Quantity} cannot be consumed");
            }

            foreach (var line in lines)
            {
                var units = Math.Min(left, line.Open);
                await ReleaseStockAsync(line, units, ct);
                line.Consumed += units;
                await booker.BookAsync(Shipment(movementPrefix, ++n, item.Sku, shipFrom ?? line.LocationId, units, reference, hash, reservation!.Id), ct);
                left -= units;
                if (left == 0)
                {
                    break;
                }
            }

            if (left > 0)
            {
                var location = shipFrom ?? item.LocationId
                    ?? throw new PreconditionFailedException($"{left} x {item.Sku} shipped without a reservation and without a location");
                await booker.BookAsync(Shipment(movementPrefix, ++n, item.Sku, location, left, reference, hash, reservation?.Id), ct);
            }
        }

        if (reservation is not null)
        {
            CloseIfDone(reservation, ReservationStates.Consumed);
            Touch(reservation);
        }
    }

    /// <summary>The fingerprint of a consumption, so a reused consumption id with another body is told apart.</summary>
    public static string Hash(string reservationId, IEnumerable<ConsumeItem> items, string reference)
    {
        var text = string.Join('\n', items.Select(i => $"{i.Sku} {i.Quantity.ToString(CultureInfo.InvariantCulture)} {i.LocationId}").Prepend(reservationId).Append(reference));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static MovementEntry Shipment(string prefix, int n, string sku, string location, long units, string reference, string hash, string? reservationId) =>
        new($"{prefix}:{n}", MovementKinds.Shipment, sku, location, -units, "shipped", reference, hash, reservationId);

    private async Task ReleaseStockAsync(ReservationLine line, long units, CancellationToken ct)
    {
        if (await _sql.ReleaseAsync(line.Sku, line.LocationId, units, ct) is null)
        {
            // Reserved is the sum of open lines; this only happens if something bypassed the lines.
            throw new InvalidOperationException($"stock level {line.Sku} at {line.LocationId} holds fewer reserved units than reservation '{line.ReservationId}' line {line.LineNo}");
        }
    }

    private static void CloseIfDone(Reservation reservation, string state)
    {
        if (ReservationStates.IsOpen(reservation.State) && reservation.Lines.All(l => l.Open == 0))
        {
            reservation.State = reservation.Lines.Any(l => l.Consumed > 0) ? ReservationStates.Consumed : state;
        }
    }

    private void Touch(Reservation reservation)
    {
        reservation.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        reservation.RowVersion++;
    }
}
