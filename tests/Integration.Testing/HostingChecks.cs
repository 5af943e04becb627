using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Xunit;

namespace Integration.Testing;

/// <summary>What every service must offer its operators: health endpoints, gRPC health and reflection.</summary>
public static class HostingChecks
{
    /// <summary>
    /// GET <paramref name="path"/> answers 200 "Healthy" — within 15 s, as a readiness probe would see it: just after
    /// start a dependency may still be connecting (Redis reports Degraded until its first ping answers).
    /// </summary>
    public static async Task AssertHealthyAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if ((response.StatusCode == System.Net.HttpStatusCode.OK && body == "Healthy") || DateTime.UtcNow > deadline)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("Healthy", body);
                return;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The standard gRPC health service says SERVING and reflection lists <paramref name="serviceName"/>.</summary>
    public static async Task AssertGrpcServingAndReflectedAsync(GrpcChannel channel, string serviceName)
    {
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains(reflection.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == serviceName);
    }
}
