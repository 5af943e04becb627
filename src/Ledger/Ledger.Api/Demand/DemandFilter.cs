using Integration.Ledger.Journal;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Demand;

/// <summary>A validated demand query.</summary>
internal sealed record DemandFilter(string? Sku, string? LocationId, DateOnly From, DateOnly To)
{
    // Ten years of days: enough for any forecast history, and a bound on one query.
    private const int MaxDays = 3660;

    public static DemandFilter Parse(Contract.DemandFilter? filter)
    {
        if (filter is null)
        {
            throw new ValidationException("filter", "is required");
        }

        var sku = string.IsNullOrWhiteSpace(filter.Sku) ? null : Require.Sku(filter.Sku, "filter.sku");
        var location = string.IsNullOrWhiteSpace(filter.LocationId) ? null : filter.LocationId.Trim();
        if (location is not null && location != DemandRecorder.AnyLocation)
        {
            location = Require.Identifier(location, "filter.location_id");
        }

        var from = JournalEntryInput.ParseDate(filter.FromDate, "filter.from_date") ?? throw new ValidationException("filter.from_date", "is required");
        var to = JournalEntryInput.ParseDate(filter.ToDate, "filter.to_date") ?? throw new ValidationException("filter.to_date", "is required");
        if (to < from)
        {
            throw new ValidationException("filter.to_date", $"{filter.ToDate} is before from_date {filter.FromDate}");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ValidationException("filter.to_date", $"the range has {to.DayNumber - from.DayNumber + 1} days; at most {MaxDays} per request");
        }

        return new DemandFilter(sku, location, from, to);
    }
}
