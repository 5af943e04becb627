using Grpc.Core;
using Integration.Contracts.Admin.V1;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Integration.Messaging.DeadLetters;

/// <summary>
/// The operator's view of this service's dead letters (integration.admin.v1.AdminService):
/// list, replay and discard, each action audited on the dead letter and logged.
/// </summary>
internal sealed partial class AdminGrpcService<TContext>(
    TContext db, DeadLetterReplayer<TContext> replayer, TimeProvider clock, ILogger<AdminGrpcService<TContext>> logger)
    : AdminService.AdminServiceBase
    where TContext : DbContext
{
    private const int MaxReplayBatch = 500;
    private const string ActionDiscard = "discard";

    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var after = DeadLetterCursor.Decode(request.PageToken);
        var query = db.Set<DeadLetter>().AsNoTracking();
        if (request.Status != DeadLetterStatus.Unspecified)
        {
            var status = DeadLetterContract.StatusName(request.Status)
                ?? throw new ValidationException("status", $"{(int)request.Status} is not a dead letter status");
            query = query.Where(d => d.Status == status);
        }

        if (after is { } cursor)
        {
            query = query.Where(d => d.ParkedAt < cursor.ParkedAt || (d.ParkedAt == cursor.ParkedAt && string.Compare(d.Id, cursor.Id) > 0));
        }

        var page = await query
            .OrderByDescending(d => d.ParkedAt)
            .ThenBy(d => d.Id)
            .Take(size + 1)
            .Include(d => d.Actions)
            .AsSplitQuery()
            .ToListAsync(context.CancellationToken);
        var response = new ListDeadLettersResponse();
        response.DeadLetters.AddRange(page.Take(size).Select(d => d.ToContract()));
        if (page.Count > size)
        {
            response.NextPageToken = DeadLetterCursor.After(page[size - 1]).Encode();
        }

        return response;
    }

    public override async Task<ReplayDeadLettersResponse> ReplayDeadLetters(ReplayDeadLettersRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var ids = RequireIds(request.DeadLetterIds);
        var note = OperatorNote.From(request.Actor, request.Reason);
        var letters = await DeadLetterStore.LoadAsync(db, ids, ct);
        var missing = ids.Where(id => !letters.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new NotFoundException($"no dead letter with id {string.Join(", ", missing.Select(id => $"'{id}'"))}");
        }

        // Check the whole batch first: one refused dead letter means none of them is replayed.
        var plans = new List<ReplayPlan>(ids.Count);
        foreach (var id in ids)
        {
            plans.Add(await replayer.PlanAsync(letters[id], ct));
        }

        LogReplayRequested(logger, note.Actor, ids.Count, ids, note.Reason);
        foreach (var plan in plans)
        {
            await replayer.ReplayAsync(plan, note, ct);
        }

        var after = await DeadLetterStore.LoadAsync(db, ids, CancellationToken.None);
        var response = new ReplayDeadLettersResponse();
        response.DeadLetters.AddRange(ids.Select(id => after[id].ToContract()));
        return response;
    }

    public override async Task<DiscardDeadLetterResponse> DiscardDeadLetter(DiscardDeadLetterRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var id = Require.Identifier(request.DeadLetterId, "dead_letter_id");
        var note = OperatorNote.From(request.Actor, request.Reason);
        var letter = (await DeadLetterStore.LoadAsync(db, [id], ct)).GetValueOrDefault(id)
            ?? throw new NotFoundException($"no dead letter with id '{id}'");
        DeadLetterStore.RequireParked(letter);

        await DeadLetterStore.CloseAsync(db, id, DeadLetter.StatusDiscarded, ActionDiscard, note, clock.GetUtcNow().UtcDateTime, null, ct);
        LogDiscarded(logger, id, letter.Kind, letter.EventType, letter.EventId, note.Actor, note.Reason);

        var after = await DeadLetterStore.LoadAsync(db, [id], CancellationToken.None);
        return new DiscardDeadLetterResponse { DeadLetter = after[id].ToContract() };
    }

    private static List<string> RequireIds(IReadOnlyList<string> raw)
    {
        const string field = "dead_letter_ids";
        if (raw.Count is 0 or > MaxReplayBatch)
        {
            throw new ValidationException(field, $"give 1 to {MaxReplayBatch} ids (got {raw.Count})");
        }

        var ids = new List<string>(raw.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            var id = Require.Identifier(raw[i], $"{field}[{i}]");
            if (!seen.Add(id))
            {
                throw new ValidationException($"{field}[{i}]", $"'{id}' is listed twice");
            }

            ids.Add(id);
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} asked to replay {Count} dead letters ({DeadLetterIds}): {Reason}")]
    private static partial void LogReplayRequested(ILogger logger, string actor, int count, IReadOnlyList<string> deadLetterIds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} ({Kind} of {EventType} {EventId}) discarded by {Actor}: {Reason}")]
    private static partial void LogDiscarded(ILogger logger, string deadLetterId, string kind, string eventType, string eventId, string actor, string reason);
}
