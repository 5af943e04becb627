using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Security;

/// <summary>Authentication of callers and authorization per RPC, from configuration <c>Auth</c>.</summary>
public static partial class SecurityExtensions
{
    public static void AddServiceSecurity(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var settings = section.Get<AuthOptions>() ?? new AuthOptions();
        // Dapr gives the app its token in APP_API_TOKEN; Auth:AppApiToken wins when both are set.
        settings.AppApiToken ??= builder.Configuration["APP_API_TOKEN"];
        builder.Services.AddSingleton(Options.Create(settings));
        builder.Services.AddHostedService<SecurityNotice>();
        if (settings.Mode == AuthMode.None && string.IsNullOrEmpty(settings.AppApiToken))
        {
            // Nothing to enforce: no authorization middleware at all, so an open service costs nothing per call.
            return;
        }

        builder.Services.AddSingleton(new AccessCatalog(ServiceName(builder.Environment.ApplicationName)));
        builder.Services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessResultHandler>();

        if (settings.Mode == AuthMode.Jwt)
        {
            if (string.IsNullOrWhiteSpace(settings.Authority) || string.IsNullOrWhiteSpace(settings.Audience))
            {
                throw new InvalidOperationException("Auth:Mode is Jwt but Auth:Authority or Auth:Audience is not set: the service cannot tell whose tokens to trust.");
            }

            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(jwt =>
                {
                    jwt.Authority = settings.Authority;
                    jwt.Audience = settings.Audience;
                    jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                    // Scopes are read as the token has them ("scope"), not renamed to Microsoft's claim URIs.
                    jwt.MapInboundClaims = false;
                });

            // Outermost, so a refused caller field stops the call before any handler runs.
            builder.Services.AddSingleton<CallerInterceptor>();
            builder.Services.Configure<global::Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CallerInterceptor>());
        }

        builder.Services.AddAuthorization(auth =>
            auth.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new AccessRequirement()).Build());
    }

    /// <summary><c>Order.Api</c> → <c>order</c>: the name the service publishes under and its scopes start with.</summary>
    public static string ServiceName(string applicationName) =>
        applicationName.Split('.')[0].ToLowerInvariant();

    /// <summary>Says at start which protection is on, loudly when the APIs are open outside development.</summary>
    private sealed partial class SecurityNotice(IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<SecurityNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (settings.Mode == AuthMode.Jwt)
            {
                LogJwt(logger, settings.Authority!, settings.Audience!);
            }
            else if (!environment.IsDevelopment())
            {
                LogOpen(logger, environment.EnvironmentName);
            }

            if (settings.AppApiToken is { Length: > 0 })
            {
                LogAppToken(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "gRPC callers need a bearer token from {Authority} for audience {Audience}, with the scope of each RPC")]
        private static partial void LogJwt(ILogger logger, string authority, string audience);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Mode is None in {Environment}: every caller may call every RPC. Set Auth:Mode=Jwt with Auth:Authority and Auth:Audience")]
        private static partial void LogOpen(ILogger logger, string environment);

        [LoggerMessage(Level = LogLevel.Information, Message = "Event routes accept only calls carrying the Dapr app token")]
        private static partial void LogAppToken(ILogger logger);
    }
}
