using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Integration.Contracts.Inventory.V1;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Reservations;

/// <summary>
/// A validated reserve request. <paramref name="State"/> is what a granted reservation starts as (pending for
/// a hold that expires after <paramref name="HoldFor"/>, committed for an order event).
/// </summary>
internal sealed record ReserveCommand(
    string ReservationId, string OrderId, string Channel, IReadOnlyList<AllocationLine> Lines, AllocationStrategy Strategy, string State, TimeSpan? HoldFor)
{
    public const int MaxLines = 100;
    public const long MaxQuantity = 100_000;

    /// <summary>Validates the request; the strategy and hold come from the channel's policy unless the request names a strategy.</summary>
    public static ReserveCommand From(ReserveRequest request, Policies.InventoryOptions options)
    {
        var id = Require.Identifier(request.ReservationId, "reservation_id");
        var orderId = Require.Identifier(request.OrderId, "order_id");
        var channel = string.IsNullOrWhiteSpace(request.Channel) ? string.Empty : Require.Identifier(request.Channel, "channel");
        if (request.Lines.Count == 0)
        {
            throw new ValidationException("lines", "at least one line is required");
        }

        if (request.Lines.Count > MaxLines)
        {
            throw new ValidationException("lines", $"has {request.Lines.Count} lines; at most {MaxLines} are allowed");
        }

        if (!Enum.IsDefined(request.Allocation))
        {
            throw new ValidationException("allocation", $"{(int)request.Allocation} is not an allocation strategy");
        }

        var lines = request.Lines.Select((l, i) => new AllocationLine(
            i,
            Require.Sku(l.Sku, $"lines[{i}].sku"),
            Require.Quantity(l.Quantity, $"lines[{i}].quantity", MaxQuantity),
            string.IsNullOrWhiteSpace(l.LocationId) ? null : Require.Identifier(l.LocationId, $"lines[{i}].location_id"))).ToList();
        var policy = options.PolicyFor(channel);
        var strategy = request.Allocation == AllocationStrategy.Unspecified ? Normalise(policy.Allocation) : request.Allocation;
        return new ReserveCommand(id, orderId, channel, lines, strategy, Data.Reservations.ReservationStates.Pending, TimeSpan.FromMinutes(policy.CartHoldMinutes));
    }

    /// <summary>An unset strategy in configuration means priority.</summary>
    public static AllocationStrategy Normalise(AllocationStrategy strategy) =>
        strategy == AllocationStrategy.Unspecified ? AllocationStrategy.Priority : strategy;

    /// <summary>What a retry must repeat exactly (the id is the key, not part of it; the initial state is, so an order event never replays a cart hold).</summary>
    public string Hash()
    {
        var text = new StringBuilder().Append(OrderId).Append('\n').Append(Channel).Append('\n').Append(Strategy).Append('\n').Append(State);
        foreach (var line in Lines)
        {
            text.Append('\n').Append(line.Sku).Append(' ').Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(line.LocationId);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The distinct SKUs, sorted (lock order); worked out once, several steps of a decision read them (nothing copies a command `with` other lines).</summary>
    public IReadOnlyList<string> Skus { get; } = Lines.Count == 1 ? [Lines[0].Sku] : Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
