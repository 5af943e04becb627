using Integration.Testing;

namespace Integration.Connectors.Tests.Hosting;

public sealed class HostingTests(ConnectorsFactory factory) : IClassFixture<ConnectorsFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var http = factory.CreateClient();
        await HostingChecks.AssertHealthyAsync(http, path);
    }
}
