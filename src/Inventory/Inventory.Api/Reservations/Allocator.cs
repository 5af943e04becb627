using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Locations;
using Integration.Inventory.Stock;

namespace Integration.Inventory.Reservations;

/// <summary>A line to allocate: its position in the request, SKU, units and optional fixed location.</summary>
internal sealed record AllocationLine(int Index, string Sku, long Quantity, string? LocationId);

/// <summary>A location that could supply a SKU, with what it can promise; only locations shipping online serve lines without a fixed location.</summary>
internal sealed record Candidate(string LocationId, int Priority, bool ShipsOnline, long Available, long BackorderLimit)
{
    /// <summary>A SKU's levels at known locations as candidates, in allocation order (priority, then id); unknown locations are left out.</summary>
    public static List<Candidate> InAllocationOrder(IEnumerable<LevelFigures> levels, IReadOnlyDictionary<string, LocationInfo> directory) =>
        levels
            .Select(l => (Level: l, Info: directory.GetValueOrDefault(l.LocationId)))
            .Where(x => x.Info is not null)
            .OrderBy(x => x.Info!.Priority).ThenBy(x => x.Level.LocationId, StringComparer.Ordinal)
            .Select(x => new Candidate(x.Level.LocationId, x.Info!.Priority, x.Info.ShipsOnline, x.Level.Available, x.Level.BackorderLimit))
            .ToList();
}

/// <summary>Units of one request line placed at one location.</summary>
internal sealed record Allocated(int Index, string Sku, string LocationId, long Quantity);

/// <summary>A request line that could not be placed: the units that could have been promised when asked.</summary>
internal sealed record Shortfall(int Index, string Sku, long Requested, long Available);

/// <summary>A plan: either every line allocated, or the lines that could not be.</summary>
internal sealed record AllocationPlan(IReadOnlyList<Allocated> Lines, IReadOnlyList<Shortfall> Rejected)
{
    public bool Granted => Rejected.Count == 0;
}

/// <summary>
/// Plans where a reservation's units come from, from figures read a moment ago (the database guard then
/// confirms each line). Pure, so strategies are tested on their own. Stock is tried first; only when it
/// cannot fill the reservation are backorder limits counted as capacity.
/// </summary>
internal static class Allocator
{
    /// <param name="candidates">Per SKU: the eligible locations in allocation order (priority, then id).</param>
    public static AllocationPlan Plan(IReadOnlyList<AllocationLine> lines, IReadOnlyDictionary<string, IReadOnlyList<Candidate>> candidates, AllocationStrategy strategy)
    {
        var fromStock = Plan(lines, candidates, strategy, c => Math.Max(0, c.Available));
        if (fromStock.Granted)
        {
            return fromStock;
        }

        var withBackorders = Plan(lines, candidates, strategy, c => Math.Max(0, c.Available + c.BackorderLimit));
        return withBackorders.Granted ? withBackorders : fromStock with { Rejected = withBackorders.Rejected };
    }

    private static AllocationPlan Plan(
        IReadOnlyList<AllocationLine> lines, IReadOnlyDictionary<string, IReadOnlyList<Candidate>> candidates, AllocationStrategy strategy, Func<Candidate, long> capacityOf)
    {
        // Remaining capacity per (SKU, location), shared by lines of the same SKU.
        var capacity = new Dictionary<(string Sku, string Location), long>();
        var ordered = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var online = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (sku, list) in candidates)
        {
            ordered[sku] = list.Select(c => c.LocationId).ToList();
            online[sku] = list.Where(c => c.ShipsOnline).Select(c => c.LocationId).ToList();
            foreach (var c in list)
            {
                capacity[(sku, c.LocationId)] = capacityOf(c);
            }
        }

        var eligible = lines.ToDictionary(l => l.Index, l => Eligible(l, ordered, online));
        var shortfalls = lines
            .Select(l => new Shortfall(l.Index, l.Sku, l.Quantity, eligible[l.Index].Sum(loc => capacity.GetValueOrDefault((l.Sku, loc)))))
            .ToDictionary(s => s.Index);
        var allocated = new List<Allocated>();
        var open = lines.ToList();

        if (strategy == AllocationStrategy.FewestSplits)
        {
            // One location for the whole reservation if any can fill it: the first such in priority order.
            var locations = lines.SelectMany(l => eligible[l.Index]).Distinct(StringComparer.Ordinal)
                .OrderBy(loc => FirstRank(loc, ordered)).ToList();
            var whole = locations.FirstOrDefault(loc => CanFillAll(open, loc, eligible, capacity));
            if (whole is not null)
            {
                return new AllocationPlan(Take(open, whole, capacity), []);
            }

            // Otherwise as few locations as possible, greedily: the one that fills the most lines whole first.
            while (open.Count > 0)
            {
                var best = locations
                    .Select(loc => (loc, Lines: FillableWhole(open, loc, eligible, capacity)))
                    .Where(x => x.Lines.Count > 0)
                    .OrderByDescending(x => x.Lines.Count).ThenBy(x => FirstRank(x.loc, ordered))
                    .FirstOrDefault();
                if (best.Lines is null)
                {
                    break;
                }

                allocated.AddRange(Take(best.Lines, best.loc, capacity));
                open.RemoveAll(best.Lines.Contains);
            }
        }

        var rejected = new List<Shortfall>();
        foreach (var line in open)
        {
            var placed = strategy == AllocationStrategy.Priority
                ? PlaceWhole(line, eligible[line.Index], capacity)
                : PlaceSplit(line, eligible[line.Index], capacity);
            if (placed is null)
            {
                rejected.Add(shortfalls[line.Index]);
            }
            else
            {
                allocated.AddRange(placed);
            }
        }

        return rejected.Count == 0
            ? new AllocationPlan(allocated.OrderBy(a => a.Index).ToList(), [])
            : new AllocationPlan([], rejected.OrderBy(r => r.Index).ToList());
    }

    private static List<string> Eligible(AllocationLine line, Dictionary<string, List<string>> ordered, Dictionary<string, List<string>> online) =>
        line.LocationId is null
            ? online.GetValueOrDefault(line.Sku) ?? []
            : (ordered.GetValueOrDefault(line.Sku) ?? []).Where(l => l == line.LocationId).ToList();

    private static int FirstRank(string location, Dictionary<string, List<string>> ordered) =>
        ordered.Values.Select(list => list.IndexOf(location)).Where(i => i >= 0).DefaultIfEmpty(int.MaxValue).Min();

    private static bool CanFillAll(List<AllocationLine> lines, string location, Dictionary<int, List<string>> eligible, Dictionary<(string, string), long> capacity) =>
        lines.All(l => eligible[l.Index].Contains(location))
        && lines.GroupBy(l => l.Sku).All(g => capacity.GetValueOrDefault((g.Key, location)) >= g.Sum(l => l.Quantity));

    private static List<AllocationLine> FillableWhole(List<AllocationLine> lines, string location, Dictionary<int, List<string>> eligible, Dictionary<(string, string), long> capacity)
    {
        var left = new Dictionary<string, long>(StringComparer.Ordinal);
        var fillable = new List<AllocationLine>();
        foreach (var line in lines.Where(l => eligible[l.Index].Contains(location)))
        {
            var cap = left.TryGetValue(line.Sku, out var c) ? c : capacity.GetValueOrDefault((line.Sku, location));
            if (cap >= line.Quantity)
            {
                fillable.Add(line);
                left[line.Sku] = cap - line.Quantity;
            }
        }

        return fillable;
    }

    private static List<Allocated> Take(List<AllocationLine> lines, string location, Dictionary<(string, string), long> capacity)
    {
        foreach (var line in lines)
        {
            capacity[(line.Sku, location)] -= line.Quantity;
        }

        return lines.Select(l => new Allocated(l.Index, l.Sku, location, l.Quantity)).ToList();
    }

    private static List<Allocated>? PlaceWhole(AllocationLine line, List<string> eligible, Dictionary<(string, string), long> capacity)
    {
        var location = eligible.FirstOrDefault(loc => capacity.GetValueOrDefault((line.Sku, loc)) >= line.Quantity);
        if (location is null)
        {
            return null;
        }

        capacity[(line.Sku, location)] -= line.Quantity;
        return [new Allocated(line.Index, line.Sku, location, line.Quantity)];
    }

    private static List<Allocated>? PlaceSplit(AllocationLine line, List<string> eligible, Dictionary<(string, string), long> capacity)
    {
        if (eligible.Sum(loc => capacity.GetValueOrDefault((line.Sku, loc))) < line.Quantity)
        {
            return null;
        }

        var placed = new List<Allocated>();
        var remaining = line.Quantity;
        foreach (var location in eligible)
        {
            var take = Math.Min(remaining, capacity.GetValueOrDefault((line.Sku, location)));
            if (take <= 0)
            {
                continue;
            }

            capacity[(line.Sku, location)] -= take;
            placed.Add(new Allocated(line.Index, line.Sku, location, take));
            remaining -= take;
            if (remaining == 0)
            {
                break;
            }
        }

        return placed;
    }
}
