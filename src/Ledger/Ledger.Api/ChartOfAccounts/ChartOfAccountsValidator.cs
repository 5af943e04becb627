using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Integration.Ledger.ChartOfAccounts;

/// <summary>
/// Checks the configured chart at start-up (ValidateOnStart), reporting every problem at once,
/// so a bad chart stops the service before it posts anything against it.
/// </summary>
internal sealed partial class ChartOfAccountsValidator : IValidateOptions<ChartOfAccountsOptions>
{
    private const string Path = "Ledger:Accounts";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")]
    private static partial Regex NumberPattern();

    public ValidateOptionsResult Validate(string? name, ChartOfAccountsOptions options)
    {
        if (options.Accounts.Count == 0)
        {
            return ValidateOptionsResult.Fail($"{Path}: the chart of accounts is empty; configure at least one account.");
        }

        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var path = $"{Path}:{i}";
            var number = account.Number.Trim();
            if (!NumberPattern().IsMatch(number))
            {
                failures.Add($"{path}:Number '{account.Number}' must be 1-20 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            else if (seen.TryGetValue(number, out var first))
            {
                failures.Add($"{path}:Number '{number}' is a duplicate of {Path}:{first}; account numbers must be unique.");
            }
            else
            {
                seen[number] = i;
            }

            if (string.IsNullOrWhiteSpace(account.Name) || account.Name.Trim().Length > 200)
            {
                failures.Add($"{path}:Name is required (at most 200 characters) for account '{number}'.");
            }

            if (!AccountTypes.TryParse(account.Type, out _))
            {
                failures.Add($"{path}:Type '{account.Type}' of account '{number}' is not one of {string.Join(", ", AccountTypes.Names)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
