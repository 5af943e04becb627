using Integration.ServiceDefaults.Errors;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Exports;

/// <summary>The stored names of the export formats (kept apart from the enum numbers on the wire).</summary>
internal static class ExportFormats
{
    public const string Dynamics365Csv = "dynamics365_finance_csv";
    public const string BusinessCentralJson = "business_central_json";
    public const string NetSuiteJson = "netsuite_json";

    public static string Name(Contract.ExportFormat format, string field) => format switch
    {
        Contract.ExportFormat.Dynamics365FinanceCsv => Dynamics365Csv,
        Contract.ExportFormat.BusinessCentralJson => BusinessCentralJson,
        Contract.ExportFormat.NetsuiteJson => NetSuiteJson,
        _ => throw new ValidationException(field, $"{format} is not an export format; use EXPORT_FORMAT_DYNAMICS365_FINANCE_CSV, EXPORT_FORMAT_BUSINESS_CENTRAL_JSON or EXPORT_FORMAT_NETSUITE_JSON"),
    };

    public static Contract.ExportFormat ToContract(string name) => name switch
    {
        Dynamics365Csv => Contract.ExportFormat.Dynamics365FinanceCsv,
        BusinessCentralJson => Contract.ExportFormat.BusinessCentralJson,
        NetSuiteJson => Contract.ExportFormat.NetsuiteJson,
        _ => Contract.ExportFormat.Unspecified,
    };
}
