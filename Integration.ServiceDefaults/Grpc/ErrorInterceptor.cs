using Grpc.Core;
using Grpc.Core.Interceptors;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Integration.ServiceDefaults.Grpc;

/// <summary>
/// Maps domain refusals to their status codes and anything unexpected to Internal with a
/// trace id the operator can look up, instead of gRPC's default Unknown.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case ValidationException validation:
                LogRefused(logger, context.Method, validation.StatusCode, validation.Message);
                return new RpcException(new Status(validation.StatusCode, validation.Message),
                    new Metadata { { "field", validation.Field } });
            case DomainException domain:
                LogRefused(logger, context.Method, domain.StatusCode, domain.Message);
                return new RpcException(new Status(domain.StatusCode, domain.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled by the caller"));
            case DbUpdateConcurrencyException:
                LogConflict(logger, context.Method, ex);
                return new RpcException(new Status(StatusCode.Aborted, "a concurrent change won; retry the call"));
            default:
                var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogFailed(logger, context.Method, traceId, ex);
                return new RpcException(new Status(StatusCode.Internal, $"internal error; trace id {traceId}"));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused with {StatusCode}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} lost a concurrency race")]
    private static partial void LogConflict(ILogger logger, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly (trace {TraceId})")]
    private static partial void LogFailed(ILogger logger, string method, string traceId, Exception exception);
}
