extern alias CatalogApi;

using Grpc.Core;
using Grpc.Core.Interceptors;
using Integration.Testing;

namespace Integration.Security.Tests;

/// <summary>The real Catalog service with bearer authentication on, and which source system each client writes as.</summary>
public sealed class SecuredCatalog : ServiceFactory<CatalogApi::Program>
{
    public SecuredCatalog(IdentityProvider issuer, IReadOnlyDictionary<string, string> systems)
        : base("catalogdb")
    {
        Set("Auth:Mode", "Jwt");
        Set("Auth:Authority", issuer.Authority);
        Set("Auth:Audience", "integration");
        Set("Auth:RequireHttpsMetadata", "false");
        foreach (var (client, system) in systems)
        {
            Set($"Auth:Systems:{client}", system);
        }
    }

    /// <summary>A gRPC call invoker that sends <paramref name="token"/> as a bearer token on every call.</summary>
    public CallInvoker Caller(string token) =>
        CreateGrpcChannel().Intercept(metadata =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return metadata;
        });
}
