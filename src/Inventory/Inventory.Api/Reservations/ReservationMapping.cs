using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data.Reservations;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Reservations;

/// <summary>Stored reservation to wire reservation.</summary>
internal static class ReservationMapping
{
    /// <summary>The wire form; <paramref name="rejected"/>, when given, is the shortfall the row's <c>RejectedLines</c> JSON holds.</summary>
    public static Contract.Reservation ToContract(this Data.Reservations.Reservation reservation, IReadOnlyList<Shortfall>? rejected = null)
    {
        var contract = new Contract.Reservation
        {
            ReservationId = reservation.Id,
            OrderId = reservation.OrderId,
            Channel = reservation.Channel,
            State = StateOf(reservation.State),
            Allocation = System.Enum.TryParse<AllocationStrategy>(reservation.Allocation, out var strategy) ? strategy : AllocationStrategy.Unspecified,
            CreatedAt = Stamp(reservation.CreatedAt),
            UpdatedAt = Stamp(reservation.UpdatedAt),
        };
        if (reservation.ExpiresAt is { } expires && reservation.State == ReservationStates.Pending)
        {
            contract.ExpiresAt = Stamp(expires);
        }

        contract.Lines.AddRange(reservation.Lines.OrderBy(l => l.LineNo).Select(l => new Contract.ReservationLine
        {
            Sku = l.Sku, LocationId = l.LocationId, Quantity = l.Quantity, Consumed = l.Consumed, Released = l.Released, Open = l.Open, Backordered = l.Backordered,
        }));
        contract.RejectedLines.AddRange(RejectedLines(reservation, rejected));
        return contract;
    }

    public static IEnumerable<Contract.RejectedLine> RejectedLines(Data.Reservations.Reservation reservation, IReadOnlyList<Shortfall>? rejected = null) =>
        (rejected ?? (reservation.RejectedLines is null ? [] : JsonSerializer.Deserialize<List<Shortfall>>(reservation.RejectedLines) ?? []))
        .Select(s => new Contract.RejectedLine { Sku = s.Sku, Requested = s.Requested, Available = s.Available, Shortfall = Math.Max(0, s.Requested - s.Available) });

    public static string SerializeRejected(IReadOnlyList<Shortfall> rejected) => JsonSerializer.Serialize(rejected);

    public static ReservationState StateOf(string state) => state switch
    {
        ReservationStates.Pending => ReservationState.Pending,
        ReservationStates.Committed => ReservationState.Committed,
        ReservationStates.Consumed => ReservationState.Consumed,
        ReservationStates.Released => ReservationState.Released,
        ReservationStates.Expired => ReservationState.Expired,
        ReservationStates.Rejected => ReservationState.Rejected,
        _ => ReservationState.Unspecified,
    };

    public static string? NameOf(ReservationState state) => state switch
    {
        ReservationState.Pending => ReservationStates.Pending,
        ReservationState.Committed => ReservationStates.Committed,
        ReservationState.Consumed => ReservationStates.Consumed,
        ReservationState.Released => ReservationStates.Released,
        ReservationState.Expired => ReservationStates.Expired,
        ReservationState.Rejected => ReservationStates.Rejected,
        _ => null,
    };

    public static Timestamp Stamp(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
