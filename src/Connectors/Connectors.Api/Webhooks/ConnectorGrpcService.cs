using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Connectors.Channels;
using Integration.Connectors.Data;
using Integration.Connectors.Exceptions;
using Integration.Contracts.Connectors.V1;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using static Integration.Connectors.Data.Deliveries.DeliveryBody;
using DataDeliveryStatus = Integration.Connectors.Data.Deliveries.DeliveryStatus;
using DataExceptionStatus = Integration.Connectors.Data.Exceptions.ExceptionStatus;
using WireDeliveryStatus = Integration.Contracts.Connectors.V1.DeliveryStatus;
using WireExceptionStatus = Integration.Contracts.Connectors.V1.ExceptionStatus;

namespace Integration.Connectors.Webhooks;

/// <summary>The operator's RPCs: deliveries (read, replay), exceptions (read, resolve), channels (status, never secrets).</summary>
public sealed partial class ConnectorGrpcService(
    ConnectorsDbContext db, ExceptionDesk desk, ChannelRegistry channels, DeliverySignal signal, ILogger<ConnectorGrpcService> logger)
    : ConnectorService.ConnectorServiceBase
{
    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var after = Cursor(request.PageToken);
        var query = db.Deliveries.AsNoTracking();
        if (request.Channel.Length > 0)
        {
            query = query.Where(d => d.Channel == request.Channel);
        }

        if (request.Status != WireDeliveryStatus.Unspecified)
        {
            var status = ToData(request.Status);
            query = query.Where(d => d.Status == status);
        }

        if (request.Topic.Length > 0)
        {
            query = query.Where(d => d.Topic == request.Topic);
        }

        if (after is { } last)
        {
            query = query.Where(d => d.Id < last);
        }

        // The body is left out of the list: a page of 2 MiB bodies is no list.
        var rows = await query.OrderByDescending(d => d.Id).Take(size + 1)
            .Select(d => new { d.Id, d.Channel, d.Kind, d.Topic, d.DeliveryKey, d.ResourceId, d.Status, d.Attempts, d.LastError, d.ReceivedAt, d.ProcessedAt, d.NextAttemptAt, d.HeadersJson, Size = d.BodySize ?? d.Body.Length })
            .ToListAsync(context.CancellationToken);
        var response = new ListDeliveriesResponse();
        response.Deliveries.AddRange(rows.Take(size).Select(d => Wire(d.Id, d.Channel, d.Kind, d.Topic, d.DeliveryKey, d.ResourceId, d.Status, d.Attempts, d.LastError, d.ReceivedAt, d.ProcessedAt, d.NextAttemptAt, d.HeadersJson, d.Size)));
        response.NextPageToken = rows.Count > size ? PageToken.Encode(rows[size - 1].Id.ToString(CultureInfo.InvariantCulture)) : string.Empty;
        return response;
    }

    public override async Task<GetDeliveryResponse> GetDelivery(GetDeliveryRequest request, ServerCallContext context)
    {
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DeliveryId, context.CancellationToken)
            ?? throw new NotFoundException($"delivery {request.DeliveryId} does not exist");
        var wire = Wire(delivery.Id, delivery.Channel, delivery.Kind, delivery.Topic, delivery.DeliveryKey, delivery.ResourceId, delivery.Status, delivery.Attempts,
            delivery.LastError, delivery.ReceivedAt, delivery.ProcessedAt, delivery.NextAttemptAt, delivery.HeadersJson, delivery.RawSize());
        wire.Body = UnsafeByteOperations.UnsafeWrap(delivery.Raw());
        return new GetDeliveryResponse { Delivery = wire };
    }

    public override async Task<ReplayDeliveryResponse> ReplayDelivery(ReplayDeliveryRequest request, ServerCallContext context)
    {
        var actor = Require.Text(request.Actor, "actor", 200);
        var reason = Require.Text(request.Reason, "reason", 1000);
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == request.DeliveryId, context.CancellationToken)
            ?? throw new NotFoundException($"delivery {request.DeliveryId} does not exist");
        if (delivery.Status == DataDeliveryStatus.Ignored)
        {
            throw new PreconditionFailedException($"delivery {delivery.Id} has topic {delivery.Topic}, which is not acted on: replaying it would do nothing");
        }

        var open = await db.Exceptions.Where(e => e.DeliveryId == delivery.Id && e.Status == DataExceptionStatus.Open).ToListAsync(context.CancellationToken);
        foreach (var exception in open)
        {
            desk.Resolve(exception, actor, "replayed: " + reason);
        }

        delivery.Status = DataDeliveryStatus.Received;
        delivery.LastError = null;
        // An operator's replay is tried now, not after a backoff left from an earlier attempt.
        delivery.NextAttemptAt = null;
        await db.SaveChangesAsync(context.CancellationToken);
        signal.Notify();
        LogReplayed(logger, delivery.Id, actor);
        return new ReplayDeliveryResponse
        {
            Delivery = Wire(delivery.Id, delivery.Channel, delivery.Kind, delivery.Topic, delivery.DeliveryKey, delivery.ResourceId, delivery.Status, delivery.Attempts,
                delivery.LastError, delivery.ReceivedAt, delivery.ProcessedAt, delivery.NextAttemptAt, delivery.HeadersJson, delivery.RawSize()),
            ExceptionsResolved = open.Count,
        };
    }

    public override async Task<ListExceptionsResponse> ListExceptions(ListExceptionsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var after = Cursor(request.PageToken);
        var query = db.Exceptions.AsNoTracking();
        if (request.Channel.Length > 0)
        {
            query = query.Where(e => e.Channel == request.Channel);
        }

        if (request.Kind.Length > 0)
        {
            query = query.Where(e => e.Kind == request.Kind);
        }

        if (request.Status != WireExceptionStatus.Unspecified)
        {
            var status = request.Status == WireExceptionStatus.Open ? DataExceptionStatus.Open : DataExceptionStatus.Resolved;
            query = query.Where(e => e.Status == status);
        }

        if (request.DeliveryId != 0)
        {
            query = query.Where(e => e.DeliveryId == request.DeliveryId);
        }

        if (after is { } last)
        {
            query = query.Where(e => e.Id < last);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new ListExceptionsResponse();
        response.Exceptions.AddRange(rows.Take(size).Select(Wire));
        response.NextPageToken = rows.Count > size ? PageToken.Encode(rows[size - 1].Id.ToString(CultureInfo.InvariantCulture)) : string.Empty;
        return response;
    }

    public override async Task<ResolveExceptionResponse> ResolveException(ResolveExceptionRequest request, ServerCallContext context)
    {
        var actor = Require.Text(request.Actor, "actor", 200);
        var resolution = Require.Text(request.Resolution, "resolution", 2000);
        var exception = await db.Exceptions.FirstOrDefaultAsync(e => e.Id == request.ExceptionId, context.CancellationToken)
            ?? throw new NotFoundException($"exception {request.ExceptionId} does not exist");
        if (exception.Status != DataExceptionStatus.Open)
        {
            throw new PreconditionFailedException($"exception {exception.Id} was already resolved by {exception.ResolvedBy}");
        }

        desk.Resolve(exception, actor, resolution);
        await db.SaveChangesAsync(context.CancellationToken);
        return new ResolveExceptionResponse { Exception = Wire(exception) };
    }

    public override async Task<ListChannelsResponse> ListChannels(ListChannelsRequest request, ServerCallContext context)
    {
        var counts = await db.Deliveries.AsNoTracking().GroupBy(d => new { d.Channel, d.Status })
            .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.LongCount() })
            .ToListAsync(context.CancellationToken);
        // Max over a DateTimeOffset is not translatable on SQLite: the newest row by id is the last received.
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var name in channels.All.Keys)
        {
            var at = await db.Deliveries.AsNoTracking().Where(d => d.Channel == name).OrderByDescending(d => d.Id).Select(d => (DateTimeOffset?)d.ReceivedAt).FirstOrDefaultAsync(context.CancellationToken);
            if (at is { } value)
            {
                last[name] = value;
            }
        }

        var open = await db.Exceptions.AsNoTracking().Where(e => e.Status == DataExceptionStatus.Open).GroupBy(e => e.Channel)
            .Select(g => new { Channel = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Channel, g => g.Count, context.CancellationToken);
        var response = new ListChannelsResponse();
        foreach (var (name, channel) in channels.All.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            long Count(DataDeliveryStatus status) => counts.Where(c => c.Channel == name && c.Status == status).Sum(c => c.Count);
            var status = new ChannelStatus
            {
                Name = name,
                Kind = channel.Kind,
                HasSecret = !string.IsNullOrEmpty(channel.Secret),
                RotationWindowOpen = !string.IsNullOrEmpty(channel.PreviousSecret) && channel.PreviousSecretValidUntil > DateTimeOffset.UtcNow,
                DeliveriesReceived = Count(DataDeliveryStatus.Received),
                DeliveriesProcessed = Count(DataDeliveryStatus.Processed),
                DeliveriesIgnored = Count(DataDeliveryStatus.Ignored),
                DeliveriesFailed = Count(DataDeliveryStatus.Failed),
                OpenExceptions = open.GetValueOrDefault(name),
                LastReceivedAt = last.TryGetValue(name, out var at) ? Timestamp.FromDateTimeOffset(at) : null,
            };
            status.MappedLocations.AddRange(channel.Locations.Keys.Order(StringComparer.Ordinal));
            response.Channels.Add(status);
        }

        return response;
    }

    private static long? Cursor(string token) =>
        PageToken.Decode(token, "page_token") is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ValidationException("page_token", "is not a token this service issued")
            : null;

    private static DataDeliveryStatus ToData(WireDeliveryStatus status) => status switch
    {
        WireDeliveryStatus.Received => DataDeliveryStatus.Received,
        WireDeliveryStatus.Processed => DataDeliveryStatus.Processed,
        WireDeliveryStatus.Ignored => DataDeliveryStatus.Ignored,
        WireDeliveryStatus.Failed => DataDeliveryStatus.Failed,
        _ => throw new ValidationException("status", $"{status} is not a delivery status"),
    };

    private static WireDeliveryStatus ToWire(DataDeliveryStatus status) => status switch
    {
        DataDeliveryStatus.Received => WireDeliveryStatus.Received,
        DataDeliveryStatus.Processed => WireDeliveryStatus.Processed,
        DataDeliveryStatus.Ignored => WireDeliveryStatus.Ignored,
        DataDeliveryStatus.Failed => WireDeliveryStatus.Failed,
        _ => WireDeliveryStatus.Unspecified,
    };

    private static Delivery Wire(
        long id, string channel, string kind, string topic, string key, string? resource, DataDeliveryStatus status, int attempts, string? lastError,
        DateTimeOffset receivedAt, DateTimeOffset? processedAt, DateTimeOffset? nextAttemptAt, string headers, int size) => new()
        {
            DeliveryId = id,
            Channel = channel,
            Kind = kind,
            Topic = topic,
            DeliveryKey = key,
            ResourceId = resource ?? string.Empty,
            Status = ToWire(status),
            Attempts = attempts,
            LastError = lastError ?? string.Empty,
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
            ProcessedAt = processedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            NextAttemptAt = nextAttemptAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            HeadersJson = headers,
            BodySize = size,
        };

    private static Contracts.Connectors.V1.ConnectorException Wire(Data.Exceptions.ConnectorException e) => new()
    {
        ExceptionId = e.Id,
        Channel = e.Channel,
        Kind = e.Kind,
        Reference = e.Reference,
        Reason = e.Reason,
        DeliveryId = e.DeliveryId ?? 0,
        DetailsJson = e.DetailsJson ?? string.Empty,
        Status = e.Status == DataExceptionStatus.Open ? WireExceptionStatus.Open : WireExceptionStatus.Resolved,
        OpenedAt = Timestamp.FromDateTimeOffset(e.OpenedAt),
        ResolvedAt = e.ResolvedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        ResolvedBy = e.ResolvedBy ?? string.Empty,
        Resolution = e.Resolution ?? string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} replayed by {Actor}")]
    private static partial void LogReplayed(ILogger logger, long deliveryId, string actor);
}
