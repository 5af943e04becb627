using System.Security.Claims;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Security;

/// <summary>
/// With bearer authentication on, who acts and which source system writes come from the verified token, not from
/// text the caller sends: a request's caller fields (<see cref="CallerFields"/>) are filled from the token when empty
/// and refused with PermissionDenied when they name someone else. Audit trails and the ownership registry then
/// record the caller that was proven, not the one claimed.
/// </summary>
public sealed partial class CallerInterceptor(IOptions<AuthOptions> options, ILogger<CallerInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream, message => Check(message, context)), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream, message => Check(message, context)), responseStream, context);

    private void Check<TRequest>(TRequest request, ServerCallContext context)
    {
        if (request is not IMessage message)
        {
            return;
        }

        var caller = Verified(context.GetHttpContext().User);
        if (CallerFields.Apply(message, caller) is { } refusal)
        {
            LogRefused(logger, context.Method, caller.Subject, refusal);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }
    }

    /// <summary>The subject is the token's <c>sub</c>; the client its <c>client_id</c> or <c>azp</c> (issuers differ), else the subject.</summary>
    private VerifiedCaller Verified(ClaimsPrincipal user)
    {
        var subject = user.FindFirst("sub")?.Value ?? user.FindFirst("client_id")?.Value ?? user.FindFirst("azp")?.Value ?? string.Empty;
        var client = user.FindFirst("client_id")?.Value ?? user.FindFirst("azp")?.Value ?? subject;
        return new VerifiedCaller(subject, client, options.Value.Systems.GetValueOrDefault(client));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} refused for {Subject}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string subject, string reason);

    /// <summary>Checks each streamed message as the handler reads it, so a refused row stops the stream there.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, Action<T> check) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }

            check(inner.Current);
            return true;
        }
    }
}
