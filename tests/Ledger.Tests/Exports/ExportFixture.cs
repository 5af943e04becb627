using Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Tests.Exports;

/// <summary>
/// The Ledger with the two accounts of Microsoft's general journal example in its chart (401100,
/// 110160), the example's journal description, and NetSuite internal ids for the accounts used.
/// </summary>
public sealed class ExportFixture : IDisposable
{
    public ExportFixture()
    {
        // The default chart has 13 accounts (indexes 0-12); these add to it.
        Factory.Set("Ledger:Accounts:13:Number", "401100");
        Factory.Set("Ledger:Accounts:13:Name", "Sales UK");
        Factory.Set("Ledger:Accounts:13:Type", "Revenue");
        Factory.Set("Ledger:Accounts:14:Number", "110160");
        Factory.Set("Ledger:Accounts:14:Name", "Bank UK");
        Factory.Set("Ledger:Accounts:14:Type", "Asset");
        Factory.Set("Ledger:Exports:Dynamics365:Description", "Journal description");
        Factory.Set("Ledger:Exports:NetSuite:SubsidiaryId", "3");
        foreach (var (account, id) in NetSuiteAccounts)
        {
            Factory.Set($"Ledger:Exports:NetSuite:AccountIds:{account}", id);
        }

        Factory.Set("Ledger:Exports:NetSuite:CurrencyIds:EUR", "1");
        Factory.Set("Ledger:Exports:NetSuite:CurrencyIds:GBP", "2");
        Ledger = Factory.CreateLedgerClient();
        Exports = new ExportService.ExportServiceClient(Factory.CreateGrpcChannel());
    }

    public static readonly Dictionary<string, string> NetSuiteAccounts = new(StringComparer.Ordinal)
    {
        ["1100"] = "58", ["2100"] = "61", ["2200"] = "70", ["4000"] = "4",
    };

    public LedgerFactory Factory { get; } = new();

    public LedgerService.LedgerServiceClient Ledger { get; }

    public ExportService.ExportServiceClient Exports { get; }

    public void Dispose() => Factory.Dispose();
}
