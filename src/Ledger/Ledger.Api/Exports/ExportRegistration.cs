namespace Integration.Ledger.Exports;

/// <summary>Wires the ERP exports into the service.</summary>
internal static class ExportRegistration
{
    public static IHostApplicationBuilder AddLedgerExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section);
        builder.Services.AddScoped<JournalExporter>();
        return builder;
    }
}
