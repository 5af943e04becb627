using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Integration.Testing;

namespace Integration.Security.Tests;

/// <summary>The real Order service with bearer authentication on, trusting <see cref="IdentityProvider"/>.</summary>
public sealed class SecuredOrder : ServiceFactory<Program>
{
    public SecuredOrder(IdentityProvider issuer, string? appApiToken = null)
        : base("orderdb")
    {
        Set("Auth:Mode", "Jwt");
        Set("Auth:Authority", issuer.Authority);
        Set("Auth:Audience", "integration");
        Set("Auth:RequireHttpsMetadata", "false");
        Set("Auth:AppApiToken", appApiToken);
    }

    /// <summary>A gRPC call invoker that sends <paramref name="token"/> as a bearer token on every call (none when null).</summary>
    public CallInvoker Caller(string? token)
    {
        var channel = CreateGrpcChannel();
        return token is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("Authorization", $"Bearer {token}");
                return metadata;
            });
    }
}
