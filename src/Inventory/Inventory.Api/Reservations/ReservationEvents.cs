using Integration.Contracts.Events.V1;
using Integration.Inventory.Data.Reservations;

namespace Integration.Inventory.Reservations;

/// <summary>The events of a reservation's life; one aggregate per reservation keeps them in order.</summary>
internal static class ReservationEvents
{
    public static string AggregateKey(string reservationId) => $"reservation/{reservationId}";

    public static StockReserved Reserved(Reservation reservation) => new()
    {
        ReservationId = reservation.Id,
        OrderId = reservation.OrderId,
        Channel = reservation.Channel,
        State = reservation.State,
        Lines = { reservation.Lines.Select(l => new ReservedLine { Sku = l.Sku, LocationId = l.LocationId, Quantity = l.Quantity, Backordered = l.Backordered }) },
        OccurredAt = ReservationMapping.Stamp(reservation.CreatedAt),
    };

    public static ReservationRejected Rejected(Reservation reservation, IReadOnlyList<Shortfall> lines) => new()
    {
        ReservationId = reservation.Id,
        OrderId = reservation.OrderId,
        Lines = { lines.Select(s => new Contracts.Events.V1.RejectedLine { Sku = s.Sku, Requested = s.Requested, Available = Math.Max(0, s.Available), Shortfall = Math.Max(0, s.Requested - s.Available) }) },
        Reason = "insufficient stock: " + string.Join(", ", lines.Select(s => $"{s.Sku} asked {s.Requested}, {Math.Max(0, s.Available)} available")),
        OccurredAt = ReservationMapping.Stamp(reservation.CreatedAt),
    };

    public static ReservationReleased Released(Reservation reservation, string reason, IEnumerable<(ReservationLine Line, long Units)> released, DateTime at) => new()
    {
        ReservationId = reservation.Id,
        OrderId = reservation.OrderId,
        Reason = reason,
        Lines = { released.Select(r => new ReservedLine { Sku = r.Line.Sku, LocationId = r.Line.LocationId, Quantity = r.Units, Backordered = r.Line.Backordered }) },
        OccurredAt = ReservationMapping.Stamp(at),
    };
}
