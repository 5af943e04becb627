using Microsoft.Extensions.Options;

namespace Integration.Ledger.ChartOfAccounts;

/// <summary>Wires the configured chart of accounts into the service.</summary>
internal static class ChartRegistration
{
    public static IHostApplicationBuilder AddChartOfAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChartOfAccountsOptions>()
            .BindConfiguration(ChartOfAccountsOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ChartOfAccountsOptions>, ChartOfAccountsValidator>();
        builder.Services.AddSingleton<Chart>();
        return builder;
    }
}
