using Integration.Testing;

namespace Integration.Ledger.Tests;

public sealed class HostingTests(LedgerFactory factory) : IClassFixture<LedgerFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var http = factory.CreateClient();
        await HostingChecks.AssertHealthyAsync(http, path);
    }

    [Fact]
    public Task Grpc_health_says_serving_and_reflection_lists_the_service() =>
        HostingChecks.AssertGrpcServingAndReflectedAsync(factory.CreateGrpcChannel(), "integration.ledger.v1.LedgerService");
}
