using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Data;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using BatchRow = Integration.Ledger.Data.Exports.ExportBatch;

namespace Integration.Ledger.Exports;

/// <summary>integration.ledger.v1.ExportService: journal exports for the ERP, and their record.</summary>
internal sealed class ExportGrpcService(JournalExporter exporter, LedgerDbContext db) : ExportService.ExportServiceBase
{
    public override async Task<ExportJournalResponse> ExportJournal(ExportJournalRequest request, ServerCallContext context)
    {
        var input = ExportRequest.Parse(request);
        var (batch, replayed) = await exporter.ExportAsync(input, context.CancellationToken);
        return new ExportJournalResponse
        {
            Batch = ToContract(batch),
            ContentType = batch.ContentType,
            Body = ByteString.CopyFrom(batch.Body),
            Replayed = replayed,
        };
    }

    public override async Task<ListExportBatchesResponse> ListExportBatches(ListExportBatchesRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var query = db.Set<BatchRow>().AsNoTracking();
        if (Cursor(request.PageToken) is var (ticks, id))
        {
            var at = new DateTime(ticks, DateTimeKind.Unspecified);
            query = query.Where(b => b.CreatedAt < at || (b.CreatedAt == at && string.Compare(b.BatchId, id) > 0));
        }

        // Everything but the bodies, which can be megabytes each.
        var page = await query
            .OrderByDescending(b => b.CreatedAt).ThenBy(b => b.BatchId)
            .Take(size + 1)
            .Select(b => new BatchRow
            {
                BatchId = b.BatchId, Format = b.Format, FromDate = b.FromDate, ToDate = b.ToDate, Currency = b.Currency,
                RequestedBy = b.RequestedBy, CreatedAt = b.CreatedAt, EntryCount = b.EntryCount, LineCount = b.LineCount,
                MoreAvailable = b.MoreAvailable, ContentType = b.ContentType, Body = Array.Empty<byte>(), BodySha256 = b.BodySha256,
            })
            .ToListAsync(context.CancellationToken);
        var response = new ListExportBatchesResponse();
        response.Batches.AddRange(page.Take(size).Select(ToContract));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode($"{last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{last.BatchId}");
        }

        return response;
    }

    private static (long Ticks, string Id)? Cursor(string token)
    {
        var decoded = PageToken.Decode(token, "page_token");
        if (decoded is null)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, decoded[(colon + 1)..])
            : throw new ValidationException("page_token", "is not a token returned by a previous page");
    }

    private static ExportBatch ToContract(BatchRow batch) => new()
    {
        BatchId = batch.BatchId,
        Format = ExportFormats.ToContract(batch.Format),
        FromDate = batch.FromDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ToDate = batch.ToDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CurrencyCode = batch.Currency,
        RequestedBy = batch.RequestedBy,
        CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(batch.CreatedAt, DateTimeKind.Utc)),
        EntryCount = batch.EntryCount,
        LineCount = batch.LineCount,
        MoreAvailable = batch.MoreAvailable,
        BodySha256 = batch.BodySha256,
    };
}
