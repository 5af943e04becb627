using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Integration.Messaging.DeadLetters.Tests.Support;

/// <summary>A consumer that is down: while closed, its event routes answer 500 (as a crashing app would).</summary>
public sealed class PeerGate
{
    private int _refused;
    private volatile bool _closed = true;

    public int Refused => Volatile.Read(ref _refused);

    public void Open() => _closed = false;

    /// <summary>Adds the gate in front of the app's endpoints; /dapr/subscribe stays reachable.</summary>
    public void Install(WebApplication app) => app.Use(async (http, next) =>
    {
        if (_closed && http.Request.Path.StartsWithSegments("/events"))
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        await next(http);
    });
}
