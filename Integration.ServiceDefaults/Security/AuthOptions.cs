namespace Integration.ServiceDefaults.Security;

/// <summary>How callers of a service's gRPC APIs prove who they are (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><see cref="AuthMode.None"/> (local development, tests) or <see cref="AuthMode.Jwt"/>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>The OpenID Connect issuer whose signing keys are trusted (its discovery document is read).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>Off only for an identity provider on loopback in tests; the discovery document is fetched over HTTPS otherwise.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The token Dapr's sidecar presents in <c>dapr-api-token</c> when it calls the app (Dapr's <c>APP_API_TOKEN</c>).
    /// When set, the event routes refuse calls without it, so only the sidecar can deliver events.
    /// </summary>
    public string? AppApiToken { get; set; }

    /// <summary>
    /// Which source system each OAuth client writes as (client id → "erp", "storefront", "wms", …), for requests
    /// that name their source system (Catalog's ownership registry). A client not listed may not write as any system.
    /// </summary>
    public Dictionary<string, string> Systems { get; set; } = new(StringComparer.Ordinal);

    /// <summary>This service's own credentials, for the calls it makes to other services (client credentials grant).</summary>
    public AuthClientOptions Client { get; set; } = new();
}

/// <summary>A service's OAuth client at the issuer: which scopes it asks for to call its peers.</summary>
public sealed class AuthClientOptions
{
    public string? Id { get; set; }

    public string? Secret { get; set; }

    /// <summary>Space-separated scopes, e.g. "order.write catalog.write inventory.read".</summary>
    public string? Scope { get; set; }
}

/// <summary>Whether callers are authenticated.</summary>
public enum AuthMode
{
    /// <summary>No authentication: every caller may call every RPC. Logged as a warning outside Development.</summary>
    None,

    /// <summary>Bearer tokens (JWT) from <see cref="AuthOptions.Authority"/>, with scopes per RPC access level.</summary>
    Jwt,
}
