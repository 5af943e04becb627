using Grpc.AspNetCore.Server;
using Integration.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.DeadLetters;

/// <summary>Registers and maps the admin gRPC service for the service's own DbContext.</summary>
internal static class DeadLetterAdmin
{
    public static IServiceCollection AddDeadLetterAdmin<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        // Idempotent: services already have gRPC from AddServiceDefaults; a bare host gets it here.
        services.AddGrpc();
        services.TryAddSingleton<ErrorInterceptor>();
        services.AddSingleton<IPostConfigureOptions<GrpcServiceOptions<AdminGrpcService<TContext>>>, ErrorMapping<AdminGrpcService<TContext>>>();
        services.AddScoped<DeadLetterReplayer<TContext>>();
        services.AddScoped<AdminGrpcService<TContext>>();
        // UseMessaging is not generic; it finds the closed service type through this.
        services.AddSingleton(new AdminEndpoint(endpoints => endpoints.MapGrpcService<AdminGrpcService<TContext>>()));
        return services;
    }

    public static void MapDeadLetterAdmin(this IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetRequiredService<AdminEndpoint>().Map(endpoints);

    internal sealed record AdminEndpoint(Action<IEndpointRouteBuilder> Map);

    /// <summary>
    /// Domain refusals must reach the operator as InvalidArgument / NotFound / FailedPrecondition,
    /// not Unknown: adds the shared ErrorInterceptor to this service unless it already runs for all.
    /// </summary>
    private sealed class ErrorMapping<TService>(IOptions<GrpcServiceOptions> global) : IPostConfigureOptions<GrpcServiceOptions<TService>>
        where TService : class
    {
        public void PostConfigure(string? name, GrpcServiceOptions<TService> options)
        {
            if (!global.Value.Interceptors.Any(i => i.Type == typeof(ErrorInterceptor)))
            {
                options.Interceptors.Add<ErrorInterceptor>();
            }
        }
    }
}
