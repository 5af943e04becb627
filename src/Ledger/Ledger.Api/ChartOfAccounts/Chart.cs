using Integration.Contracts.Ledger.V1;
using Microsoft.Extensions.Options;

namespace Integration.Ledger.ChartOfAccounts;

/// <summary>The chart of accounts in force: the validated configuration, ordered by number, with lookup.</summary>
internal sealed class Chart
{
    private readonly Dictionary<string, Account> _byNumber;

    public Chart(IOptions<ChartOfAccountsOptions> options)
    {
        Accounts = options.Value.Accounts
            .Select(a => new Account
            {
                Number = a.Number.Trim(),
                Name = a.Name.Trim(),
                Type = AccountTypes.TryParse(a.Type, out var type)
                    ? type
                    : throw new InvalidOperationException($"account {a.Number} has type '{a.Type}', which validation should have refused"),
            })
            .OrderBy(a => a.Number, StringComparer.Ordinal)
            .ToList();
        _byNumber = Accounts.ToDictionary(a => a.Number, StringComparer.Ordinal);
    }

    /// <summary>Every account, ordered by number (ordinal).</summary>
    public IReadOnlyList<Account> Accounts { get; }

    public Account? Find(string number) => _byNumber.GetValueOrDefault(number);
}
