namespace Integration.Ledger.Periods;

/// <summary>Wires accounting periods into the service.</summary>
internal static class PeriodRegistration
{
    public static IHostApplicationBuilder AddPeriods(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PeriodPolicy>();
        builder.Services.AddScoped<PeriodAdmin>();
        return builder;
    }
}
