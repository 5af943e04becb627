using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.DeadLetters;

/// <summary>Reads dead letters with their audit trail, and closes them with a conditional update.</summary>
internal static class DeadLetterStore
{
    /// <summary>The dead letters named by <paramref name="ids"/> with their actions; missing ids are simply absent.</summary>
    public static async Task<Dictionary<string, DeadLetter>> LoadAsync(DbContext db, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var letters = await db.Set<DeadLetter>().AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Include(d => d.Actions)
            .AsSplitQuery()
            .ToListAsync(ct);
        return letters.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>Refuses anything but a parked dead letter, saying where it stands.</summary>
    public static void RequireParked(DeadLetter letter)
    {
        if (letter.Status != DeadLetter.StatusParked)
        {
            throw new PreconditionFailedException(
                $"dead letter {letter.Id} is already {letter.Status}; only parked dead letters can be replayed or discarded");
        }
    }

    /// <summary>
    /// In one transaction: moves the dead letter from parked to <paramref name="status"/>, runs
    /// <paramref name="alongside"/> (other changes that must commit with it) and records the audit action.
    /// The move is a conditional update, so of two operators acting at once exactly one wins.
    /// </summary>
    public static async Task CloseAsync(
        DbContext db, string id, string status, string action, OperatorNote note, DateTime now,
        Func<CancellationToken, Task>? alongside, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var moved = await db.Set<DeadLetter>()
                .Where(d => d.Id == id && d.Status == DeadLetter.StatusParked)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status), ct);
            if (moved == 0)
            {
                throw new PreconditionFailedException($"dead letter {id} was closed by someone else meanwhile");
            }

            if (alongside is not null)
            {
                await alongside(ct);
            }

            db.Set<DeadLetterAction>().Add(Audit(id, action, note, now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
    }

    public static DeadLetterAction Audit(string id, string action, OperatorNote note, DateTime now) =>
        new() { DeadLetterId = id, Action = action, Actor = note.Actor, Reason = note.Reason, At = now };
}
