using Integration.Inventory.Locations;
using Integration.Inventory.Stock;

namespace Integration.Inventory.Reservations;

/// <summary>
/// A batch's picture of the levels of its SKUs: read once, then kept current with what the batch plans to take.
/// It only feeds the allocator; the database guard confirms every unit.
/// </summary>
internal sealed class StockView
{
    private sealed class Level(string locationId, int priority, bool shipsOnline, long available, long backorderLimit)
    {
        public string LocationId { get; } = locationId;

        public int Priority { get; } = priority;

        public bool ShipsOnline { get; } = shipsOnline;

        public long Available { get; set; } = available;

        public long BackorderLimit { get; } = backorderLimit;
    }

    // Per SKU: its levels at known locations, in allocation order (priority, then id).
    private readonly Dictionary<string, List<Level>> _levels = new(StringComparer.Ordinal);

    public static async Task<StockView> ReadAsync(StockSql sql, IEnumerable<string> skus, IReadOnlyDictionary<string, LocationInfo> directory, CancellationToken ct)
    {
        var view = new StockView();
        foreach (var sku in skus.Distinct(StringComparer.Ordinal))
        {
            view._levels[sku] = (await sql.ReadAsync(sku, ct))
                .Select(l => (Figures: l, Info: directory.GetValueOrDefault(l.LocationId)))
                .Where(x => x.Info is not null)
                .OrderBy(x => x.Info!.Priority).ThenBy(x => x.Figures.LocationId, StringComparer.Ordinal)
                .Select(x => new Level(x.Figures.LocationId, x.Info!.Priority, x.Info.ShipsOnline, x.Figures.Available, x.Figures.BackorderLimit))
                .ToList();
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
                candidates[line.Sku] = _levels[line.Sku].Select(l => new Candidate(l.LocationId, l.Priority, l.ShipsOnline, l.Available, l.BackorderLimit)).ToList();
            }
        }

        return candidates;
    }

    /// <summary>Counts units the batch plans to take as gone.</summary>
    public void Take(string sku, string locationId, long units) =>
        _levels[sku].First(l => string.Equals(l.LocationId, locationId, StringComparison.Ordinal)).Available -= units;
}
