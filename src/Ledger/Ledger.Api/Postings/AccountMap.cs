using Integration.Ledger.ChartOfAccounts;
using Microsoft.Extensions.Options;

namespace Integration.Ledger.Postings;

/// <summary>A fact needs an account the mapping does not give: a business exception, the fact is held.</summary>
public sealed class MappingMissingException(string message) : Exception(message);

/// <summary>Resolves the accounts of a posting from the mapping rules; every account it returns exists in the chart.</summary>
internal sealed class AccountMap(IOptionsMonitor<PostingOptions> options, Chart chart)
{
    public PostingOptions Options => options.CurrentValue;

    public string Clearing(string gateway) => Keyed(Options.PaymentClearing, "payment clearing", gateway);

    public string TaxPayable(string title) => Keyed(Options.TaxPayable, "tax payable", title);

    public string Revenue(string channel, string category) => Keyed(Options.Revenue, "revenue", $"{channel}/{category}", category);

    public string Cogs(string channel, string category) => Keyed(Options.Cogs, "cost of goods sold", $"{channel}/{category}", category);

    public string Receivable => Single(Options.Receivable, "receivable");

    public string Inventory => Single(Options.Inventory, "inventory");

    public string Deferred => Single(Options.DeferredRevenue, "deferred revenue");

    public string Shipping => Single(Options.ShippingIncome, "shipping income");

    public string Discounts => Single(Options.Discounts, "discounts");

    public string Returns => Single(Options.SalesReturns, "sales returns");

    public string Shrinkage => Single(Options.Shrinkage, "shrinkage");

    public string Gain => Single(Options.InventoryGain, "inventory gain");

    private string Keyed(Dictionary<string, string> map, string what, params string[] keys)
    {
        foreach (var key in keys.Append("*"))
        {
            if (map.TryGetValue(key, out var account))
            {
                return Known(account, what);
            }
        }

        throw new MappingMissingException($"no {what} account for '{keys[0]}' and no '*' fallback in {PostingOptions.Section}");
    }

    private string Single(string account, string what) =>
        account.Length == 0 ? throw new MappingMissingException($"no {what} account in {PostingOptions.Section}") : Known(account, what);

    private string Known(string account, string what) =>
        chart.Find(account) is null ? throw new MappingMissingException($"the {what} account {account} is not in the chart of accounts") : account;
}
