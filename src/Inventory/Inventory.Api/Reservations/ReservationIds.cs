using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Reservations;

/// <summary>
/// Reservation ids: a caller's identifier, or "order:" + an order id for the reservations order events
/// make (':' never occurs in a caller's id, so the two never collide).
/// </summary>
internal static class ReservationIds
{
    public const string OrderPrefix = "order:";

    public static string OfOrder(string orderId) => OrderPrefix + orderId;

    /// <summary>Validates an id naming an existing reservation (either kind).</summary>
    public static string Require(string? value, string field)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        return trimmed.StartsWith(OrderPrefix, StringComparison.Ordinal)
            ? OrderPrefix + ServiceDefaults.Validation.Require.Identifier(trimmed[OrderPrefix.Length..], field)
            : ServiceDefaults.Validation.Require.Identifier(trimmed, field);
    }
}
