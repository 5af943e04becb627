using System.Net.Http.Headers;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Security;

/// <summary>
/// This service's access token for calling its peers: the client credentials grant at the issuer's token endpoint
/// (found through its discovery document), kept until shortly before it expires. Without Auth:Mode=Jwt there is none.
/// </summary>
public sealed class ServiceTokenSource(IHttpClientFactory http, IOptions<AuthOptions> options, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "integration-auth";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    /// <summary>A valid access token, or null when calls go out without one (authentication off).</summary>
    public async Task<string?> GetAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Mode != AuthMode.Jwt)
        {
            return null;
        }

        if (_current is { } held && clock.GetUtcNow() < held.RenewAt)
        {
            return held.Token;
        }

        await _renewing.WaitAsync(ct);
        try
        {
            if (_current is { } renewed && clock.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }

            var client = settings.Client;
            if (string.IsNullOrEmpty(client.Id) || string.IsNullOrEmpty(client.Secret))
            {
                throw new InvalidOperationException("Auth:Mode is Jwt but Auth:Client:Id or Auth:Client:Secret is not set: this service cannot call its peers.");
            }

            using var httpClient = http.CreateClient(HttpClientName);
            var discovery = await httpClient.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
            {
                Address = settings.Authority,
                Policy = { RequireHttps = settings.RequireHttpsMetadata },
            }, ct);
            if (discovery.IsError)
            {
                throw new InvalidOperationException($"the issuer's discovery document could not be read: {discovery.Error}");
            }

            var response = await httpClient.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = client.Id,
                ClientSecret = client.Secret,
                Scope = client.Scope,
            }, ct);
            if (response.IsError || response.AccessToken is null)
            {
                throw new InvalidOperationException($"the issuer refused this service a token: {response.Error} {response.ErrorDescription}");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(response.ExpiresIn, 0));
            _current = (response.AccessToken, clock.GetUtcNow() + (lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2));
            return response.AccessToken;
        }
        finally
        {
            _renewing.Release();
        }
    }

    public void Dispose() => _renewing.Dispose();
}

/// <summary>Puts the service's token on every outgoing request of a client (gRPC metadata are HTTP/2 headers).</summary>
public sealed class ServiceTokenHandler(ServiceTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (await tokens.GetAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>Calls through this client carry the service's own access token when authentication is on.</summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ServiceTokenSource>();
        builder.Services.TryAddTransient<ServiceTokenHandler>();
        return builder.AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
