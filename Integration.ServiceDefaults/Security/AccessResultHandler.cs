using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Security;

/// <summary>
/// Without bearer authentication (only the Dapr app token is checked) there is no scheme to challenge with:
/// a refused call is answered 401 directly instead of failing with "no authentication scheme".
/// </summary>
internal sealed class AccessResultHandler(IOptions<AuthOptions> options) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (options.Value.Mode == AuthMode.None && !authorizeResult.Succeeded)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
