using Google.Protobuf.WellKnownTypes;
using Contract = Integration.Contracts.Admin.V1;

namespace Integration.Messaging.DeadLetters;

/// <summary>Maps stored dead letters to the admin contract and back for the status filter.</summary>
internal static class DeadLetterContract
{
    public static Contract.DeadLetter ToContract(this DeadLetter letter)
    {
        var contract = new Contract.DeadLetter
        {
            DeadLetterId = letter.Id,
            Kind = letter.Kind switch
            {
                DeadLetter.KindPublish => Contract.DeadLetterKind.Publish,
                DeadLetter.KindHandle => Contract.DeadLetterKind.Handle,
                DeadLetter.KindDelivery => Contract.DeadLetterKind.Delivery,
                _ => Contract.DeadLetterKind.Unspecified,
            },
            Status = ToContract(letter.Status),
            EventId = letter.EventId,
            EventType = letter.EventType,
            Consumer = letter.Consumer ?? string.Empty,
            CloudEventJson = letter.CloudEventJson,
            LastError = letter.LastError,
            Attempts = letter.Attempts,
            ParkedAt = Utc(letter.ParkedAt),
        };
        // The audit trail reads as a story: oldest first (ids break ties within one clock tick).
        contract.Actions.AddRange(letter.Actions
            .OrderBy(a => a.At)
            .ThenBy(a => a.Id)
            .Select(a => new Contract.DeadLetterAction { Action = a.Action, Actor = a.Actor, Reason = a.Reason, At = Utc(a.At) }));
        return contract;
    }

    public static Contract.DeadLetterStatus ToContract(string status) => status switch
    {
        DeadLetter.StatusParked => Contract.DeadLetterStatus.Parked,
        DeadLetter.StatusReplayed => Contract.DeadLetterStatus.Replayed,
        DeadLetter.StatusDiscarded => Contract.DeadLetterStatus.Discarded,
        _ => Contract.DeadLetterStatus.Unspecified,
    };

    /// <summary>The stored status for a filter value; null for an unknown value.</summary>
    public static string? StatusName(Contract.DeadLetterStatus status) => status switch
    {
        Contract.DeadLetterStatus.Parked => DeadLetter.StatusParked,
        Contract.DeadLetterStatus.Replayed => DeadLetter.StatusReplayed,
        Contract.DeadLetterStatus.Discarded => DeadLetter.StatusDiscarded,
        _ => null,
    };

    // Providers hand DateTime back without a kind; every messaging timestamp is written in UTC.
    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
