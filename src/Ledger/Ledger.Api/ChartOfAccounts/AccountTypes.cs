using Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.ChartOfAccounts;

/// <summary>The account types a chart may use, by their configuration names.</summary>
internal static class AccountTypes
{
    private static readonly Dictionary<string, AccountType> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Asset"] = AccountType.Asset,
        ["Liability"] = AccountType.Liability,
        ["Equity"] = AccountType.Equity,
        ["Revenue"] = AccountType.Revenue,
        ["Expense"] = AccountType.Expense,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out AccountType type) => ByName.TryGetValue(name?.Trim() ?? string.Empty, out type);
}
