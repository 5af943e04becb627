using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Contracts.Catalog.V1;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

internal sealed partial class CatalogGrpcService
{
    public override async Task<ListProductChangesResponse> ListProductChanges(ListProductChangesRequest request, ServerCallContext context)
    {
        var productId = Require.Identifier(request.ProductId, "product_id");
        var size = PageToken.Size(request.PageSize, "page_size");
        var before = PageToken.Decode(request.PageToken, "page_token") is { } token && long.TryParse(token, out var version) ? version : long.MaxValue;
        var page = await db.Changes.AsNoTracking()
            .Where(c => c.ProductId == productId && c.Version < before)
            .OrderByDescending(c => c.Version)
            .Take(size + 1)
            .ToListAsync(context.CancellationToken);
        var response = new ListProductChangesResponse();
        response.Changes.AddRange(page.Take(size).Select(c =>
        {
            var change = new ProductChange
            {
                Version = c.Version,
                ChangedBy = c.ChangedBy,
                SourceVersion = c.SourceVersion,
                ChangedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(c.ChangedAt, DateTimeKind.Utc)),
            };
            change.Fields.AddRange((JsonSerializer.Deserialize<List<AuditField>>(c.FieldsJson) ?? [])
                .Select(f => new FieldChange { Field = f.Field, OldValue = f.Old, NewValue = f.New }));
            return change;
        }));
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(page[size - 1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }
}
