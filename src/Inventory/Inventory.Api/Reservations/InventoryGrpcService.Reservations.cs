using Grpc.Core;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Policies;
using Integration.Inventory.Reservations;
using Integration.Inventory.Stock;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Inventory;

/// <summary>Reservation RPCs: reserve (through the group-commit batcher), commit, release, consume, read.</summary>
internal sealed partial class InventoryGrpcService
{
    public override async Task<ReserveResponse> Reserve(ReserveRequest request, ServerCallContext context)
    {
        var command = ReserveCommand.From(request, services.GetRequiredService<IOptions<InventoryOptions>>().Value);
        var ct = context.CancellationToken;
        await services.GetRequiredService<SkuDirectory>().RequireKnownAsync(() => Db, command.Skus, ct);
        foreach (var (location, i) in command.Lines.Select(l => (l.LocationId, l.Index)).Where(x => x.LocationId is not null))
        {
            if (await locations.FindAsync(Db, location!, ct) is null)
            {
                throw new NotFoundException($"lines[{i}].location_id: no location with id '{location}'");
            }
        }

        var outcome = await services.GetRequiredService<ReservationBatcher>().ReserveAsync(command, ct);
        return new ReserveResponse { Reservation = outcome.Reservation.ToContract(outcome.Rejected), Duplicate = outcome.Duplicate };
    }

    public override async Task<CommitReservationResponse> CommitReservation(CommitReservationRequest request, ServerCallContext context)
    {
        var id = ReservationIds.Require(request.ReservationId, "reservation_id");
        var orderId = string.IsNullOrWhiteSpace(request.OrderId) ? null : Require.Identifier(request.OrderId, "order_id");
        var lifecycle = new ReservationLifecycle(Db, Outbox, clock);
        var reservation = await new WriteRunner(Db, gate).RunAsync(async token =>
        {
            var r = await lifecycle.LoadAsync(id, token);
            lifecycle.Commit(r, orderId);
            return r;
        }, context.CancellationToken);
        return new CommitReservationResponse { Reservation = reservation.ToContract() };
    }

    public override async Task<ReleaseReservationResponse> ReleaseReservation(ReleaseReservationRequest request, ServerCallContext context)
    {
        var id = ReservationIds.Require(request.ReservationId, "reservation_id");
        var reason = Require.Text(request.Reason, "reason", 200, optional: true);
        var lifecycle = new ReservationLifecycle(Db, Outbox, clock);
        var reservation = await new WriteRunner(Db, gate).RunAsync(async token =>
        {
            var r = await lifecycle.LoadAsync(id, token);
            await lifecycle.ReleaseAsync(r, Data.Reservations.ReservationStates.Released, reason.Length == 0 ? "released" : reason, token);
            return r;
        }, context.CancellationToken);
        return new ReleaseReservationResponse { Reservation = reservation.ToContract() };
    }

    public override async Task<ConsumeReservationResponse> ConsumeReservation(ConsumeReservationRequest request, ServerCallContext context)
    {
        var id = ReservationIds.Require(request.ReservationId, "reservation_id");
        var consumptionId = Require.Identifier(request.ConsumptionId, "consumption_id");
        if (request.Lines.Count is 0 or > ReserveCommand.MaxLines)
        {
            throw new ValidationException("lines", $"has {request.Lines.Count} lines; 1-{ReserveCommand.MaxLines} are required");
        }

        var items = request.Lines.Select((l, i) => new ConsumeItem(
            Require.Sku(l.Sku, $"lines[{i}].sku"), Require.Quantity(l.Quantity, $"lines[{i}].quantity", ReserveCommand.MaxQuantity),
            string.IsNullOrWhiteSpace(l.LocationId) ? null : Require.Identifier(l.LocationId, $"lines[{i}].location_id"))).ToList();
        var reference = Require.Text(request.Reference, "reference", 200, optional: true);
        var hash = ReservationLifecycle.Hash(id, items, reference);
        var prefix = $"consume:{id}:{consumptionId}";
        var lifecycle = new ReservationLifecycle(Db, Outbox, clock);

        async Task<ConsumeReservationResponse?> ReplayAsync(CancellationToken token)
        {
            Db.ChangeTracker.Clear();
            var first = await Db.StockMovements.AsNoTracking().FirstOrDefaultAsync(m => m.MovementId == prefix + ":1", token);
            if (first is null)
            {
                return null;
            }

            return first.RequestHash == hash
                ? new ConsumeReservationResponse { Reservation = await new ReservationReader(Db).GetAsync(id, token), Duplicate = true }
                : throw new ConflictException($"consumption '{consumptionId}' of reservation '{id}' was already booked with a different body");
        }

        try
        {
            return await new WriteRunner(Db, gate).RunAsync(async token =>
            {
                if (await ReplayAsync(token) is { } replay)
                {
                    return replay;
                }

                var r = await lifecycle.LoadAsync(id, token);
                await lifecycle.ConsumeAsync(r, prefix, items, null, reference, hash, strict: true, token);
                return new ConsumeReservationResponse { Reservation = r.ToContract() };
            }, context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // A concurrent call with the same consumption id committed first.
            if (await ReplayAsync(context.CancellationToken) is { } replay)
            {
                return replay;
            }

            throw;
        }
    }

    public override async Task<GetReservationResponse> GetReservation(GetReservationRequest request, ServerCallContext context) =>
        new() { Reservation = await new ReservationReader(Db).GetAsync(ReservationIds.Require(request.ReservationId, "reservation_id"), context.CancellationToken) };

    public override Task<ListReservationsResponse> ListReservations(ListReservationsRequest request, ServerCallContext context) =>
        new ReservationReader(Db).ListAsync(request, context.CancellationToken);
}
