using Integration.Contracts.Catalog.V1;
using Integration.Testing;

namespace Integration.Catalog.Tests;

/// <summary>The Catalog service in memory on its own SQLite file.</summary>
public sealed class CatalogFactory() : ServiceFactory<Program>("catalogdb")
{
    public CatalogService.CatalogServiceClient CreateClient(out Grpc.Net.Client.GrpcChannel channel)
    {
        channel = CreateGrpcChannel();
        return new CatalogService.CatalogServiceClient(channel);
    }
}
