using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Reservations;

/// <summary>
/// Reservation ids: a caller's identifier, or "order:" + an order id for the reservations order events
/// make (':' never occurs in a caller's id, so the two never collide), with ":&lt;attempt&gt;" after the first
/// when an order whose reservation was rejected is placed again (a retry from the Order service's exception desk).
/// </summary>
internal static class ReservationIds
{
    public const string OrderPrefix = "order:";

    public static string OfOrder(string orderId) => OrderPrefix + orderId;

    public static string OfOrder(string orderId, int attempt) => attempt <= 1 ? OfOrder(orderId) : $"{OrderPrefix}{orderId}:{attempt}";

    /// <summary>Validates an id naming an existing reservation (either kind).</summary>
    public static string Require(string? value, string field)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (!trimmed.StartsWith(OrderPrefix, StringComparison.Ordinal))
        {
            return ServiceDefaults.Validation.Require.Identifier(trimmed, field);
        }

        var rest = trimmed[OrderPrefix.Length..];
        var colon = rest.LastIndexOf(':');
        return colon > 0 && int.TryParse(rest[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt) && attempt > 1
            ? OfOrder(ServiceDefaults.Validation.Require.Identifier(rest[..colon], field), attempt)
            : OrderPrefix + ServiceDefaults.Validation.Require.Identifier(rest, field);
    }
}
