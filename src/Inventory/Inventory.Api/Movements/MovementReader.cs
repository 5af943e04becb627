using System.Globalization;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Reservations;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Movements;

/// <summary>The movement history of a SKU, newest first, paged by (created-at, id).</summary>
internal sealed class MovementReader(InventoryDbContext db)
{
    public async Task<ListMovementsResponse> ListAsync(ListMovementsRequest request, CancellationToken ct)
    {
        var sku = Require.Sku(request.Sku, "sku");
        var size = PageToken.Size(request.PageSize, "page_size");
        var query = db.StockMovements.AsNoTracking().Where(m => m.Sku == sku);
        if (!string.IsNullOrWhiteSpace(request.LocationId))
        {
            var location = Require.Identifier(request.LocationId, "location_id");
            query = query.Where(m => m.LocationId == location);
        }

        if (PageToken.Decode(request.PageToken, "page_token") is { } after)
        {
            var bar = after.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(after[..bar], CultureInfo.InvariantCulture, out var ticks))
            {
                throw new ValidationException("page_token", "is not a token returned by a previous page");
            }

            var at = new DateTime(ticks, DateTimeKind.Utc);
            var id = after[(bar + 1)..];
            query = query.Where(m => m.CreatedAt < at || (m.CreatedAt == at && string.Compare(m.MovementId, id) < 0));
        }

        var page = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.MovementId).Take(size + 1).ToListAsync(ct);
        var response = new ListMovementsResponse();
        response.Movements.AddRange(page.Take(size).Select(m => new Movement
        {
            MovementId = m.MovementId, Kind = m.Kind, Sku = m.Sku, LocationId = m.LocationId, Quantity = m.Quantity, OnHandAfter = m.OnHandAfter,
            Reason = m.Reason, Reference = m.Reference, OccurredAt = ReservationMapping.Stamp(m.CreatedAt),
        }));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode(last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) + "|" + last.MovementId);
        }

        return response;
    }
}
