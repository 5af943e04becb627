namespace Integration.Ledger.Exports;

/// <summary>How exports name things in the ERP (section "Ledger:Exports").</summary>
public sealed class ExportOptions
{
    public const string Section = "Ledger:Exports";

    public Dynamics365Options Dynamics365 { get; set; } = new();

    public NetSuiteOptions NetSuite { get; set; } = new();

    /// <summary>Dynamics 365 Finance general journal settings.</summary>
    public sealed class Dynamics365Options
    {
        /// <summary>JOURNALNAME: the journal name set up in Finance.</summary>
        public string JournalName { get; set; } = "GenJrn";

        /// <summary>DESCRIPTION of the journal header; {0} is the batch id.</summary>
        public string Description { get; set; } = "Integration export {0}";

        /// <summary>
        /// ACCOUNTDISPLAYVALUE from our account number ({0}): the company's "Ledger dimension format",
        /// main account followed by its empty dimension segments (the documented example is "401100---").
        /// </summary>
        public string AccountFormat { get; set; } = "{0}---";
    }

    /// <summary>NetSuite references records by internal id, so accounts and currencies are mapped.</summary>
    public sealed class NetSuiteOptions
    {
        /// <summary>Internal id of the subsidiary the entries belong to.</summary>
        public string SubsidiaryId { get; set; } = "1";

        /// <summary>Our account number to NetSuite account internal id.</summary>
        public Dictionary<string, string> AccountIds { get; set; } = new(StringComparer.Ordinal);

        /// <summary>ISO 4217 code to NetSuite currency internal id.</summary>
        public Dictionary<string, string> CurrencyIds { get; set; } = new(StringComparer.Ordinal);
    }
}
