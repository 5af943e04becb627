using System.Globalization;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Reservations;

/// <summary>Reads reservations: one by id, or pages newest first (keyset on created-at and id).</summary>
internal sealed class ReservationReader(InventoryDbContext db)
{
    public async Task<Contracts.Inventory.V1.Reservation> GetAsync(string id, CancellationToken ct) =>
        (await db.Reservations.AsNoTracking().Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == id, ct))?.ToContract()
        ?? throw new NotFoundException($"no reservation with id '{id}'");

    public async Task<ListReservationsResponse> ListAsync(ListReservationsRequest request, CancellationToken ct)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var query = db.Reservations.AsNoTracking().Include(r => r.Lines).AsQueryable();
        if (!string.IsNullOrWhiteSpace(request.OrderId))
        {
            var orderId = Require.Identifier(request.OrderId, "order_id");
            query = query.Where(r => r.OrderId == orderId);
        }

        if (!string.IsNullOrWhiteSpace(request.Sku))
        {
            var sku = Require.Sku(request.Sku, "sku");
            query = query.Where(r => r.Lines.Any(l => l.Sku == sku));
        }

        if (request.State != ReservationState.Unspecified)
        {
            var state = ReservationMapping.NameOf(request.State) ?? throw new ValidationException("state", $"{(int)request.State} is not a reservation state");
            query = query.Where(r => r.State == state);
        }

        if (PageToken.Decode(request.PageToken, "page_token") is { } after)
        {
            var (ticks, id) = Cursor(after);
            var at = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(r => r.CreatedAt < at || (r.CreatedAt == at && string.Compare(r.Id, id) < 0));
        }

        var page = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(size + 1).ToListAsync(ct);
        var response = new ListReservationsResponse();
        response.Reservations.AddRange(page.Take(size).Select(r => r.ToContract()));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode(last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) + "|" + last.Id);
        }

        return response;
    }

    private static (long Ticks, string Id) Cursor(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && long.TryParse(value[..bar], CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, value[(bar + 1)..])
            : throw new ValidationException("page_token", "is not a token returned by a previous page");
    }
}
