using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Data.Orders;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Policies;
using Integration.Inventory.Reservations;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Orders;

/// <summary>A line of a placed order as Inventory keeps it.</summary>
internal sealed record DemandLine(string Sku, long Quantity);

/// <summary>Reservation work shared by the order-event handlers; all of it runs in the handler's inbox transaction.</summary>
internal sealed class OrderReservations(InventoryDbContext db, ReservationDecider decider, ReservationLifecycle lifecycle)
{

    public static List<DemandLine> LinesOf(OrderPlaced evt)
    {
        try
        {
            return evt.Lines
                .Select((l, i) => new DemandLine(Require.Sku(l.Sku, $"lines[{i}].sku"), Require.Quantity(l.Quantity, $"lines[{i}].quantity", ReserveCommand.MaxQuantity)))
                .ToList();
        }
        catch (ValidationException ex)
        {
            throw new PermanentEventFailureException($"order {evt.OrderId} cannot be reserved: {ex.Message}", ex);
        }
    }

    /// <summary>Keeps the order's lines (for reserving at payment); an order placed again (a retry) keeps its first record.</summary>
    public async Task RememberAsync(OrderPlaced evt, List<DemandLine> lines, DateTime now, CancellationToken ct)
    {
        if (await db.OrderDemands.AnyAsync(d => d.OrderId == evt.OrderId, ct))
        {
            return;
        }

        db.OrderDemands.Add(new OrderDemand { OrderId = evt.OrderId, Channel = evt.Channel, Lines = JsonSerializer.Serialize(lines), PlacedAt = now });
    }

    public async Task<(OrderDemand Demand, List<DemandLine> Lines)?> DemandAsync(string orderId, CancellationToken ct)
    {
        var demand = await db.OrderDemands.AsNoTracking().SingleOrDefaultAsync(d => d.OrderId == orderId, ct);
        return demand is null ? null : (demand, JsonSerializer.Deserialize<List<DemandLine>>(demand.Lines) ?? []);
    }

    /// <summary>Reserves the order's lines as a committed reservation (or records the rejection with its shortfall).</summary>
    public async Task<ReserveOutcome> ReserveAsync(string orderId, string channel, IReadOnlyList<DemandLine> lines, ChannelPolicy policy, CancellationToken ct)
    {
        if (lines.Count == 0)
        {
            return null!;
        }

        // Placed again after a rejection (the Order service retrying its exception): a new attempt, decided afresh.
        // Otherwise the same id, so a repeat returns the first outcome.
        var prefix = ReservationIds.OfOrder(orderId);
        var earlier = await db.Reservations.AsNoTracking()
            .Where(r => r.OrderId == orderId && (r.Id == prefix || r.Id.StartsWith(prefix + ":")))
            .Select(r => r.State).ToListAsync(ct);
        var attempt = earlier.Count > 0 && earlier.All(s => s == ReservationStates.Rejected) ? earlier.Count + 1 : 1;
        var command = new ReserveCommand(
            ReservationIds.OfOrder(orderId, attempt), orderId, channel,
            lines.Select((l, i) => new AllocationLine(i, l.Sku, l.Quantity, null)).ToList(),
            ReserveCommand.Normalise(policy.Allocation), ReservationStates.Committed, HoldFor: null);
        return await decider.DecideAsync(command, ct);
    }

    /// <summary>The order's reservations that still hold stock, oldest first, tracked for change.</summary>
    public Task<List<Data.Reservations.Reservation>> OpenAsync(string orderId, CancellationToken ct) =>
        db.Reservations.Include(r => r.Lines)
            .Where(r => r.OrderId == orderId && (r.State == ReservationStates.Pending || r.State == ReservationStates.Committed))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(ct);

    /// <summary>Commits every pending reservation of the order; returns how many it holds open.</summary>
    public async Task<int> CommitAllAsync(string orderId, CancellationToken ct)
    {
        var open = await OpenAsync(orderId, ct);
        open.ForEach(r => lifecycle.Commit(r, null));
        return open.Count;
    }
}
