using Integration.Inventory.Locations;
using Integration.Inventory.Stock;

namespace Integration.Inventory.Reservations;

/// <summary>
/// A batch's picture of the levels of its SKUs: read once, then kept current with what the batch plans to take.
/// It only feeds the allocator; the database guard confirms every unit.
/// </summary>
internal sealed class StockView
{
    // Per SKU: its levels at known locations, in allocation order (priority, then id).
    private readonly Dictionary<string, List<Candidate>> _levels = new(StringComparer.Ordinal);

    public static async Task<StockView> ReadAsync(StockSql sql, IEnumerable<string> skus, IReadOnlyDictionary<string, LocationInfo> directory, CancellationToken ct)
    {
        var view = new StockView();
        foreach (var sku in skus.Distinct(StringComparer.Ordinal))
        {
            view._levels[sku] = Candidate.InAllocationOrder(await sql.ReadAsync(sku, ct), directory);
        }

        return view;
    }

    /// <summary>The allocator's candidates for a request's SKUs, with what is left now.</summary>
    public Dictionary<string, IReadOnlyList<Candidate>> CandidatesFor(ReserveCommand command)
    {
        var candidates = new Dictionary<string, IReadOnlyList<Candidate>>(StringComparer.Ordinal);
        foreach (var line in command.Lines)
        {
            if (!candidates.ContainsKey(line.Sku))
            {
                // A copy: the allocator plans on a snapshot, Take changes the view afterwards.
                candidates[line.Sku] = [.. _levels[line.Sku]];
            }
        }

        return candidates;
    }

    /// <summary>Counts units the batch plans to take as gone.</summary>
    public void Take(string sku, string locationId, long units)
    {
        var levels = _levels[sku];
        var i = levels.FindIndex(l => string.Equals(l.LocationId, locationId, StringComparison.Ordinal));
        levels[i] = levels[i] with { Available = levels[i].Available - units };
    }
}
