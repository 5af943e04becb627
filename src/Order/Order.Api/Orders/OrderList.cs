using System.Globalization;
using Integration.Order.Data;
using Integration.Order.Data.Orders;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using Contract = Integration.Contracts.Order.V1;

namespace Integration.Order.Orders;

/// <summary>ListOrders: newest placed first, keyset paging on (placed_at, id), filters on indexed or cheap columns.</summary>
internal static class OrderList
{
    public static async Task<Contract.ListOrdersResponse> ListAsync(OrderDbContext db, Contract.ListOrdersRequest request, CancellationToken ct)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var query = db.Orders.AsNoTracking().AsQueryable();
        var filter = request.Filter ?? new Contract.OrderFilter();
        if (!string.IsNullOrWhiteSpace(filter.Channel))
        {
            var channel = Require.Identifier(filter.Channel, "filter.channel");
            query = query.Where(o => o.Channel == channel);
        }

        var financial = filter.FinancialStatuses.Select((s, i) => Financial(s, $"filter.financial_statuses[{i}]")).ToList();
        if (financial.Count > 0)
        {
            query = query.Where(o => financial.Contains(o.FinancialStatus));
        }

        var fulfillment = filter.FulfillmentStatuses.Select((s, i) => Fulfillment(s, $"filter.fulfillment_statuses[{i}]")).ToList();
        if (fulfillment.Count > 0)
        {
            query = query.Where(o => fulfillment.Contains(o.FulfillmentStatus));
        }

        if (filter.HeldOnly)
        {
            query = query.Where(o => o.Held);
        }

        if (Instants.Read(filter.PlacedAfter, "filter.placed_after") is { } after)
        {
            query = query.Where(o => o.PlacedAt >= after);
        }

        if (Instants.Read(filter.PlacedBefore, "filter.placed_before") is { } before)
        {
            query = query.Where(o => o.PlacedAt < before);
        }

        if (PageToken.Decode(request.PageToken, "page_token") is { } token)
        {
            var parts = token.Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks)
            {
                throw new ValidationException("page_token", "is not a token returned by a previous page");
            }

            var at = new DateTime(ticks, DateTimeKind.Utc);
            var id = parts[1];
            query = query.Where(o => o.PlacedAt < at || (o.PlacedAt == at && string.Compare(o.Id, id) < 0));
        }

        var page = await query.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id).Take(size + 1)
            .Include(o => o.Lines).Include(o => o.ShippingLines).AsSplitQuery().ToListAsync(ct);
        var response = new Contract.ListOrdersResponse();
        response.Orders.AddRange(page.Take(size).Select(o => o.ToContract()));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode($"{last.PlacedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.Id}");
        }

        return response;
    }

    private static FinancialStatus Financial(Contract.FinancialStatus status, string field) =>
        Enum.GetValues<FinancialStatus>().Where(s => OrderMapping.ToContract(s) == status).Cast<FinancialStatus?>().FirstOrDefault()
            ?? throw new ValidationException(field, $"{status} is not a financial status");

    private static FulfillmentStatus Fulfillment(Contract.FulfillmentStatus status, string field) =>
        Enum.GetValues<FulfillmentStatus>().Where(s => OrderMapping.ToContract(s) == status).Cast<FulfillmentStatus?>().FirstOrDefault()
            ?? throw new ValidationException(field, $"{status} is not a fulfilment status");
}
