using Google.Protobuf.WellKnownTypes;
using Integration.ServiceDefaults.Errors;

namespace Integration.Order.Orders;

/// <summary>Timestamps as stored: UTC, whole microseconds (PostgreSQL's precision), so every database reads back the same instant.</summary>
internal static class Instants
{
    public static DateTime? Read(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        try
        {
            return Truncate(timestamp.ToDateTime());
        }
        catch (InvalidOperationException ex)
        {
            throw new ValidationException(field, ex.Message);
        }
    }

    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    public static Timestamp ToTimestamp(DateTime stored) => Timestamp.FromDateTime(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
