namespace Integration.Ledger.ChartOfAccounts;

/// <summary>The chart of accounts as configured under <c>Ledger:Accounts</c>.</summary>
public sealed class ChartOfAccountsOptions
{
    /// <summary>The configuration section whose <c>Accounts</c> array is the chart.</summary>
    public const string Section = "Ledger";

    public List<AccountOptions> Accounts { get; set; } = [];
}

/// <summary>One configured account.</summary>
public sealed class AccountOptions
{
    /// <summary>Account number, e.g. "4000"; unique in the chart.</summary>
    public string Number { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Asset, Liability, Equity, Revenue or Expense.</summary>
    public string Type { get; set; } = string.Empty;
}
