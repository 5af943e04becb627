using Aspire.Hosting.Testing;
using Grpc.Health.V1;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Xunit.Abstractions;

namespace Integration.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_service_is_healthy_over_http_and_grpc()
    {
        output.WriteLine($"all five services healthy {fixture.StartedIn.TotalSeconds:F1} s after start");
        foreach (var service in AppHostFixture.Services)
        {
            using var http = fixture.App.CreateHttpClient(service, "http");
            var health = await http.GetAsync("/health");
            Assert.True(health.IsSuccessStatusCode, $"{service} /health answered {(int)health.StatusCode}");

            var grpcHealth = await new Health.HealthClient(fixture.Channel(service)).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, grpcHealth.Status);
        }
    }

    [Fact]
    public async Task Catalog_answers_over_grpc()
    {
        var client = new CatalogService.CatalogServiceClient(fixture.Channel("catalog"));
        var product = new Product { ProductId = "APPHOST-TEE", Title = "Tee", Active = true };
        product.Variants.Add(new Variant { Sku = "APPHOST-TEE-M", UnitCost = 3.10m.ToMoney("EUR"), Active = true });

        await client.UpsertProductAsync(new UpsertProductRequest { SourceSystem = "erp", SourceVersion = 1, Product = product });
        var read = await client.GetProductAsync(new GetProductRequest { Sku = "apphost-tee-m" });

        Assert.Equal("APPHOST-TEE", read.Product.ProductId);
        Assert.Equal(3.10m, read.Product.Variants[0].UnitCost.ToDecimal());
    }

    [Fact]
    public async Task Inventory_answers_over_grpc()
    {
        var client = new InventoryService.InventoryServiceClient(fixture.Channel("inventory"));
        await client.UpsertLocationAsync(new UpsertLocationRequest
        {
            Location = new Location { LocationId = "WH-APPHOST", Name = "Main warehouse", Priority = 1, ShipsOnline = true },
        });
        await client.ReceiveStockAsync(new ReceiveStockRequest
        {
            MovementId = "grn-apphost-1", Sku = "APPHOST-MUG", LocationId = "WH-APPHOST", Quantity = 142, Reference = "PO-1",
        });

        var availability = await client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "APPHOST-MUG" } });

        Assert.Equal(142, availability.Items[0].OnHand);
        Assert.Equal(142, availability.Items[0].Available);
    }

    [Fact]
    public async Task Order_answers_over_grpc()
    {
        var client = new OrderService.OrderServiceClient(fixture.Channel("order"));
        var order = new Order
        {
            Channel = "shopify-apphost", ExternalOrderId = "820982911946154508", OrderNumber = "#1001", CurrencyCode = "EUR",
            PlacedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc)),
        };
        order.Lines.Add(new OrderLine { ExternalLineId = "1", Sku = "APPHOST-TEE-M", Quantity = 2, UnitPrice = 19.99m.ToMoney("EUR") });

        var stored = await client.IngestOrderAsync(new IngestOrderRequest { Order = order });
        var read = await client.GetOrderAsync(new GetOrderRequest
        {
            ChannelRef = new ChannelOrderRef { Channel = "shopify-apphost", ExternalOrderId = "820982911946154508" },
        });

        Assert.True(stored.Created);
        Assert.Equal(stored.Order.OrderId, read.Order.OrderId);
        Assert.Equal(19.99m, read.Order.Lines[0].UnitPrice.ToDecimal());
    }

    [Fact]
    public async Task Ledger_answers_over_grpc()
    {
        var client = new LedgerService.LedgerServiceClient(fixture.Channel("ledger"));
        var accounts = await client.ListAccountsAsync(new ListAccountsRequest());
        var asset = accounts.Accounts.First(a => a.Type == AccountType.Asset).Number;
        var liability = accounts.Accounts.First(a => a.Type == AccountType.Liability).Number;
        var entry = new JournalEntry { SourceKey = "manual:apphost-1", PostingDate = "2026-11-27", Description = "app host check" };
        entry.Lines.Add(new JournalLine { AccountNumber = asset, Side = Side.Debit, Amount = 119.00m.ToMoney("EUR") });
        entry.Lines.Add(new JournalLine { AccountNumber = liability, Side = Side.Credit, Amount = 119.00m.ToMoney("EUR") });

        await client.PostJournalEntryAsync(new PostJournalEntryRequest { Entry = entry });
        var balance = await client.GetTrialBalanceAsync(new GetTrialBalanceRequest { CurrencyCode = "EUR" });

        Assert.True(balance.Balanced);
        Assert.Equal(119.00m, balance.Totals.Single().DebitTotal.ToDecimal());
    }
}
