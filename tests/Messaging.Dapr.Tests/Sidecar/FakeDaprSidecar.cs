using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Integration.Messaging.Dapr.Tests.Sidecar;

/// <summary>
/// The only double in these tests: a Dapr sidecar's gRPC API (Dapr's runtime proto from Dapr.Protos) on
/// Kestrel, cleartext HTTP/2 on a free loopback port, exactly where DAPR_GRPC_ENDPOINT would point.
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDaprSidecar(WebApplication app, string grpcEndpoint, SidecarState state)
    {
        _app = app;
        GrpcEndpoint = grpcEndpoint;
        State = state;
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string GrpcEndpoint { get; }

    public SidecarState State { get; }

    public static async Task<FakeDaprSidecar> StartAsync()
    {
        var state = new SidecarState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<DaprRuntimeService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeDaprSidecar(app, address, state);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
