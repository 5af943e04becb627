namespace Integration.Ledger.Tests;

public sealed class ChartOfAccountsTests
{
    [Theory]
    [InlineData("Ledger:Accounts:0:Number", "1200", "Ledger:Accounts:1:Number '1200' is a duplicate of Ledger:Accounts:0")]
    [InlineData("Ledger:Accounts:2:Type", "Asset-ish", "Ledger:Accounts:2:Type 'Asset-ish' of account '1300' is not one of")]
    [InlineData("Ledger:Accounts:3:Name", " ", "Ledger:Accounts:3:Name is required")]
    [InlineData("Ledger:Accounts:4:Number", "22 00", "Ledger:Accounts:4:Number '22 00' must be")]
    [InlineData("Ledger:Posting:TaxPayable:VAT 19%", "2999", "Ledger:Posting:TaxPayable:VAT 19% names account 2999, which is not in the chart of accounts")]
    public void A_bad_chart_stops_the_service_at_start_up_with_a_clear_message(string key, string value, string message)
    {
        using var factory = new LedgerFactory();
        factory.Set(key, value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateLedgerClient());

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_chart_replaces_the_default()
    {
        using var factory = new LedgerFactory();
        factory.Set("Ledger:Accounts:0:Number", "1000");
        factory.Set("Ledger:Accounts:0:Name", "Cash at bank");
        // The posting rules must name accounts of the chart in force (else the service does not start).
        factory.Set("Ledger:Posting:PaymentClearing:*", "1000");

        var chart = await factory.CreateLedgerClient().ListAccountsAsync(new Contracts.Ledger.V1.ListAccountsRequest());

        Assert.Equal("1000", chart.Accounts[0].Number);
        Assert.Equal("Cash at bank", chart.Accounts[0].Name);
        Assert.DoesNotContain(chart.Accounts, a => a.Number == "1100");
    }
}
