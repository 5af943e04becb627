using Grpc.Core;
using Integration.Catalog.Conflicts;
using Integration.Contracts.Catalog.V1;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

internal sealed partial class CatalogGrpcService
{
    public override async Task<ListConflictsResponse> ListConflicts(ListConflictsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var before = PageToken.Decode(request.PageToken, "page_token") is { } token && long.TryParse(token, out var id) ? id : long.MaxValue;
        var query = db.Conflicts.AsNoTracking().Where(c => c.Id < before);
        if (ConflictMapping.ToState(request.State) is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        if (request.ProductId.Length > 0)
        {
            var productId = request.ProductId.Trim();
            query = query.Where(c => c.ProductId == productId);
        }

        var page = await query.OrderByDescending(c => c.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new ListConflictsResponse();
        response.Conflicts.AddRange(page.Take(size).Select(c => c.ToContract()));
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(page[size - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<ResolveConflictResponse> ResolveConflict(ResolveConflictRequest request, ServerCallContext context)
    {
        var actor = Require.Text(request.Actor, "actor", 128);
        var reason = Require.Text(request.Reason, "reason", 1000);
        var resolver = context.GetHttpContext().RequestServices.GetRequiredService<ConflictResolver>();
        var (conflict, product) = await resolver.ResolveAsync(request.ConflictId, request.Accept, actor, reason, context.CancellationToken);
        LogResolved(logger, conflict.Id, conflict.ProductId, conflict.Field, conflict.State, actor);
        var response = new ResolveConflictResponse { Conflict = conflict.ToContract() };
        if (product is not null)
        {
            response.Product = product.ToContract();
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conflict {ConflictId} on {ProductId} {Field} {State} by {Actor}")]
    private static partial void LogResolved(ILogger logger, long conflictId, string productId, string field, string state, string actor);
}
