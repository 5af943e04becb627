using System.Security.Cryptography;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Exports;
using Integration.Ledger.Data.Journal;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Ledger.Exports;

/// <summary>
/// Makes export batches: the entries of a date range not yet exported in the format, written in
/// the ERP's format, recorded with the batch in one transaction. A batch id answers its first
/// body forever; an entry goes into one batch per format, never two.
/// </summary>
internal sealed partial class JournalExporter(
    LedgerDbContext db, IOptions<ExportOptions> options, TimeProvider clock, ILogger<JournalExporter> logger)
{
    /// <summary>Lines per batch: Microsoft recommends about 10,000 per Finance import.</summary>
    public const int MaxLines = 10_000;

    public async Task<(ExportBatch Batch, bool Replayed)> ExportAsync(ExportRequest request, CancellationToken ct)
    {
        if (await FindAsync(request.BatchId, ct) is { } existing)
        {
            return (SameOrConflict(existing, request), true);
        }

        var (entries, more) = await SelectAsync(request, ct);
        var (contentType, body) = Write(request, entries);
        var batch = new ExportBatch
        {
            BatchId = request.BatchId,
            Format = request.Format,
            FromDate = request.From,
            ToDate = request.To,
            Currency = request.Currency,
            RequestedBy = request.RequestedBy,
            CreatedAt = Truncated(clock.GetUtcNow().UtcDateTime),
            EntryCount = entries.Count,
            LineCount = entries.Sum(e => e.Lines.Count),
            MoreAvailable = more,
            ContentType = contentType,
            Body = body,
            BodySha256 = Convert.ToHexStringLower(SHA256.HashData(body)),
        };
        db.Add(batch);
        db.AddRange(entries.Select((e, i) => new ExportedEntry { Format = request.Format, EntryId = e.Id, BatchId = request.BatchId, Ordinal = i + 1 }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Either the same batch id was exported at the same moment (answer with it), or another
            // batch took some of these entries first (the keys refuse a second export of an entry).
            db.ChangeTracker.Clear();
            if (await FindAsync(request.BatchId, ct) is { } winner)
            {
                return (SameOrConflict(winner, request), true);
            }

            throw new PreconditionFailedException(
                $"another export batch took some of these entries at the same moment; run batch {request.BatchId} again to export what is left");
        }

        LogExported(logger, batch.BatchId, batch.Format, batch.EntryCount, batch.LineCount, batch.MoreAvailable);
        return (batch, false);
    }

    private async Task<(List<JournalEntry> Entries, bool More)> SelectAsync(ExportRequest request, CancellationToken ct)
    {
        var exported = db.Set<ExportedEntry>().Where(x => x.Format == request.Format);
        var query = db.JournalEntries.AsNoTracking()
            .Where(e => e.PostingDate >= request.From && e.PostingDate <= request.To)
            .Where(e => !exported.Any(x => x.EntryId == e.Id));
        if (request.Currency.Length > 0)
        {
            // Whole entries only: part of an entry would not balance in the ERP.
            query = query.Where(e => e.Lines.All(l => l.Currency == request.Currency));
        }

        // An entry has at least two lines, so MaxLines / 2 entries always cover the line limit.
        var candidates = await query
            .OrderBy(e => e.PostingDate).ThenBy(e => e.PostedAt).ThenBy(e => e.Id)
            .Take(MaxLines / 2 + 1)
            .Include(e => e.Lines)
            .AsSplitQuery()
            .ToListAsync(ct);
        var taken = new List<JournalEntry>();
        var lines = 0;
        foreach (var entry in candidates)
        {
            if (taken.Count > 0 && lines + entry.Lines.Count > MaxLines)
            {
                break;
            }

            taken.Add(entry);
            lines += entry.Lines.Count;
        }

        return (taken, taken.Count < candidates.Count);
    }

    private (string ContentType, byte[] Body) Write(ExportRequest request, List<JournalEntry> entries) => request.Format switch
    {
        ExportFormats.Dynamics365Csv => (Csv.ContentType, Dynamics365Csv.Write(request.BatchId, entries, options.Value.Dynamics365)),
        ExportFormats.BusinessCentralJson => (JsonContentType, BusinessCentralJson.Write(request.BatchId, entries)),
        ExportFormats.NetSuiteJson => (JsonContentType, NetSuiteJson.Write(entries, options.Value.NetSuite)),
        _ => throw new InvalidOperationException($"no writer for export format {request.Format}"),
    };

    private const string JsonContentType = "application/json";

    private Task<ExportBatch?> FindAsync(string batchId, CancellationToken ct) =>
        db.Set<ExportBatch>().AsNoTracking().SingleOrDefaultAsync(b => b.BatchId == batchId, ct);

    private static ExportBatch SameOrConflict(ExportBatch existing, ExportRequest request) =>
        request.SameBatchAs(existing)
            ? existing
            : throw new ConflictException(
                $"batch_id '{existing.BatchId}' was already used for a {existing.Format} export of {existing.FromDate:yyyy-MM-dd}..{existing.ToDate:yyyy-MM-dd}{(existing.Currency.Length > 0 ? " in " + existing.Currency : string.Empty)}; use a new batch id for a different export");

    // PostgreSQL keeps microseconds: truncating makes the first answer equal every later read.
    private static DateTime Truncated(DateTime now) => now.AddTicks(-(now.Ticks % 10));

    [LoggerMessage(Level = LogLevel.Information, Message = "Export batch {BatchId} ({Format}): {EntryCount} entries, {LineCount} lines (more available: {More})")]
    private static partial void LogExported(ILogger logger, string batchId, string format, int entryCount, int lineCount, bool more);
}
