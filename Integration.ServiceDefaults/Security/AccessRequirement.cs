using System.Security.Cryptography;
using System.Text;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Security;

/// <summary>The one authorization rule of every endpoint a service maps (the fallback policy).</summary>
public sealed class AccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Decides per endpoint: our gRPC methods need an authenticated caller whose token carries the method's scope;
/// the event routes need Dapr's app token when one is configured; everything else (health, gRPC health, webhooks,
/// which verify their own signatures) is open. One place, so no endpoint is forgotten.
/// </summary>
internal sealed class AccessHandler(AccessCatalog catalog, IOptions<AuthOptions> options) : AuthorizationHandler<AccessRequirement>
{
    private const string DaprTokenHeader = "dapr-api-token";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var grpc = http?.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>();
        var allowed = grpc is not null
            ? AllowsCall(context, grpc.Method.FullName)
            : AllowsHttp(http);
        if (allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool AllowsCall(AuthorizationHandlerContext context, string fullMethodName)
    {
        if (fullMethodName.StartsWith("/grpc.health.", StringComparison.Ordinal))
        {
            // Kubernetes probes carry no token.
            return true;
        }

        if (options.Value.Mode == AuthMode.None)
        {
            return true;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        // Reflection (and anything else not in our contracts) needs a caller we know, no particular scope.
        return catalog.ScopeFor(fullMethodName) is not { } scope || Scopes(context).Contains(scope);
    }

    private bool AllowsHttp(HttpContext? http)
    {
        if (options.Value.AppApiToken is not { Length: > 0 } token || http is null)
        {
            return true;
        }

        var path = http.Request.Path;
        if (!path.StartsWithSegments("/events") && !path.StartsWithSegments("/dapr"))
        {
            return true;
        }

        var presented = http.Request.Headers[DaprTokenHeader].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }

    /// <summary>OAuth scopes: one space-separated "scope" claim (RFC 8693/9068), or several "scp"/"scope" claims.</summary>
    private static HashSet<string> Scopes(AuthorizationHandlerContext context) =>
        context.User.Claims
            .Where(c => c.Type is "scope" or "scp" or "http://schemas.microsoft.com/identity/claims/scope")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
}
