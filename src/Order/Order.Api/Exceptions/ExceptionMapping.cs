using Integration.Order.Data.Exceptions;
using Integration.Order.Orders;
using Contract = Integration.Contracts.Order.V1;

namespace Integration.Order.Exceptions;

/// <summary>Stored exception to wire exception, and the enums both ways.</summary>
internal static class ExceptionMapping
{
    public static Contract.BusinessException ToContract(this OrderException e)
    {
        var result = new Contract.BusinessException
        {
            ExceptionId = e.Id,
            OrderId = e.OrderId,
            Channel = e.Channel,
            ExternalOrderId = e.ExternalOrderId,
            Type = ToContract(e.Type),
            State = ToContract(e.State),
            Blocking = e.Blocking,
            Message = e.Message,
            Attempts = e.Attempts,
            OpenedAt = Instants.ToTimestamp(e.OpenedAt),
            UpdatedAt = Instants.ToTimestamp(e.UpdatedAt),
            FactId = e.FactId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
        result.Evidence.Add(StoredJson.ReadMap(e.Evidence));
        result.Actions.AddRange(e.Actions.OrderBy(a => a.Id).Select(a => new Contract.ExceptionAction
        {
            Action = a.Action,
            Actor = a.Actor,
            Reason = a.Reason,
            FromState = ToContract(a.FromState),
            ToState = ToContract(a.ToState),
            At = Instants.ToTimestamp(a.At),
        }));
        return result;
    }

    public static Contract.ExceptionType ToContract(ExceptionType type) => type switch
    {
        ExceptionType.UnknownSku => Contract.ExceptionType.UnknownSku,
        ExceptionType.ReservationRejected => Contract.ExceptionType.ReservationRejected,
        ExceptionType.TotalsMismatch => Contract.ExceptionType.TotalsMismatch,
        ExceptionType.TaxMismatch => Contract.ExceptionType.TaxMismatch,
        ExceptionType.RefundAmountMismatch => Contract.ExceptionType.RefundAmountMismatch,
        ExceptionType.OverShipment => Contract.ExceptionType.OverShipment,
        ExceptionType.OverRefund => Contract.ExceptionType.OverRefund,
        ExceptionType.OverReturn => Contract.ExceptionType.OverReturn,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown exception type"),
    };

    public static Contract.ExceptionState ToContract(ExceptionState state) => state switch
    {
        ExceptionState.Open => Contract.ExceptionState.Open,
        ExceptionState.Retrying => Contract.ExceptionState.Retrying,
        ExceptionState.Resolved => Contract.ExceptionState.Resolved,
        ExceptionState.Ignored => Contract.ExceptionState.Ignored,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown exception state"),
    };

    public static ExceptionType? FromContract(Contract.ExceptionType type) =>
        Enum.GetValues<ExceptionType>().Cast<ExceptionType?>().FirstOrDefault(t => ToContract(t!.Value) == type);

    public static ExceptionState? FromContract(Contract.ExceptionState state) =>
        Enum.GetValues<ExceptionState>().Cast<ExceptionState?>().FirstOrDefault(s => ToContract(s!.Value) == state);
}
