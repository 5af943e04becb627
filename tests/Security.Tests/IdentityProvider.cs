using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.Security.Tests;

/// <summary>
/// An OpenID Connect issuer on loopback, as far as a resource server sees one: the discovery document and the
/// signing keys (JWKS) over HTTP, and RS256 tokens signed with the published key. The services fetch both for real.
/// </summary>
public sealed class IdentityProvider : IAsyncDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly WebApplication _app;
    private readonly Dictionary<string, (string Secret, HashSet<string> Scopes)> _clients = new(StringComparer.Ordinal);

    private IdentityProvider(WebApplication app) => _app = app;

    public string Authority { get; private set; } = string.Empty;

    /// <summary>How many tokens the token endpoint has handed out.</summary>
    public int TokensIssued { get; private set; }

    /// <summary>Registers a client (a service) that may ask for tokens with at most these scopes.</summary>
    public void RegisterClient(string id, string secret, params string[] scopes) => _clients[id] = (secret, [.. scopes]);

    public RsaSecurityKey SigningKey => new(_key) { KeyId = "integration-test-1" };

    public static async Task<IdentityProvider> StartAsync()
    {
        // Not the test folder's appsettings.json: that is the Order service's, with its Kestrel ports.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("issuer-").FullName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new IdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Authority,
            ["jwks_uri"] = $"{provider.Authority}/jwks",
            ["token_endpoint"] = $"{provider.Authority}/token",
            ["grant_types_supported"] = new[] { "client_credentials" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = provider._key.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = provider.SigningKey.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        // RFC 6749 §4.4: the client authenticates with HTTP Basic and gets a bearer token with the scopes it is registered for.
        app.MapPost("/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var basic = http.Request.Headers.Authorization.ToString();
            var credentials = basic.StartsWith("Basic ", StringComparison.Ordinal)
                ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic["Basic ".Length..])).Split(':', 2)
                : [form["client_id"].ToString(), form["client_secret"].ToString()];
            if (form["grant_type"] != "client_credentials" || credentials.Length != 2
                || !provider._clients.TryGetValue(Uri.UnescapeDataString(credentials[0]), out var client) || client.Secret != Uri.UnescapeDataString(credentials[1]))
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            provider.TokensIssued++;
            var granted = string.Join(' ', form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(client.Scopes.Contains));
            return Results.Json(new { access_token = provider.Issue(granted), token_type = "Bearer", expires_in = 300, scope = granted });
        });
        await app.StartAsync();
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>A token for <paramref name="audience"/> with the given scopes, signed by this issuer unless another key is given.</summary>
    public string Issue(string scopes, string audience = "integration", TimeSpan? lifetime = null, SecurityKey? signedBy = null, string? issuer = null, string subject = "svc-storefront-sync", string? clientId = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            Claims = clientId is null
                ? new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scopes }
                : new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scopes, ["client_id"] = clientId },
            SigningCredentials = new SigningCredentials(signedBy ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
