using Integration.Connectors.Data;
using Integration.Connectors.Data.Exceptions;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Exceptions;

/// <summary>Opens, refreshes and closes connector exceptions: the operator's to-do list at the storefront edge.</summary>
public sealed partial class ExceptionDesk(ConnectorsDbContext db, TimeProvider clock, ILogger<ExceptionDesk> logger)
{
    /// <summary>
    /// Opens an exception, or refreshes the open one of the same channel, kind and reference (a drift reported ten
    /// times is one thing to look at, with the latest figures).
    /// </summary>
    public async Task<ConnectorException> OpenAsync(string channel, string kind, string reference, string reason, long? deliveryId, string? detailsJson, CancellationToken ct)
    {
        reference = Cut(reference, 300);
        reason = Cut(reason, 2000);
        var open = await db.Exceptions.FirstOrDefaultAsync(
            e => e.Channel == channel && e.Kind == kind && e.Reference == reference && e.Status == ExceptionStatus.Open && e.DeliveryId == deliveryId, ct);
        if (open is null && kind == ExceptionKinds.StockDrift)
        {
            open = await db.Exceptions.FirstOrDefaultAsync(e => e.Channel == channel && e.Kind == kind && e.Reference == reference && e.Status == ExceptionStatus.Open, ct);
        }

        if (open is null)
        {
            open = new ConnectorException { Channel = channel, Kind = kind, Reference = reference, Reason = reason, OpenedAt = clock.GetUtcNow() };
            db.Exceptions.Add(open);
            LogOpened(logger, kind, channel, reference);
        }

        open.Reason = reason;
        open.DeliveryId = deliveryId;
        open.DetailsJson = detailsJson;
        await db.SaveChangesAsync(ct);
        return open;
    }

    /// <summary>Closes the open exceptions of a channel, kind and reference (e.g. a drift that went away).</summary>
    public async Task<int> CloseAsync(string channel, string kind, string reference, string actor, string resolution, CancellationToken ct)
    {
        var open = await db.Exceptions.Where(e => e.Channel == channel && e.Kind == kind && e.Reference == reference && e.Status == ExceptionStatus.Open).ToListAsync(ct);
        foreach (var exception in open)
        {
            Resolve(exception, actor, resolution);
        }

        await db.SaveChangesAsync(ct);
        return open.Count;
    }

    public void Resolve(ConnectorException exception, string actor, string resolution)
    {
        exception.Status = ExceptionStatus.Resolved;
        exception.ResolvedAt = clock.GetUtcNow();
        exception.ResolvedBy = Cut(actor, 200);
        exception.Resolution = Cut(resolution, 2000);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector exception {Kind} opened for channel {Channel}: {Reference}")]
    private static partial void LogOpened(ILogger logger, string kind, string channel, string reference);
}
