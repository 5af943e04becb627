using Grpc.Core;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Reservations;
using Integration.ServiceDefaults.Errors;

namespace Integration.Inventory;

/// <summary>
/// ReserveStream: Reserve without a call per reservation. The per-call cost (HTTP/2 stream, headers, middleware,
/// interceptors) was more than the decision itself in the flash sale; on one stream it is paid once.
/// </summary>
internal sealed partial class InventoryGrpcService
{
    /// <summary>Requests decided at once per stream: enough to fill the batcher's batches, bounded so a fast writer cannot queue without limit.</summary>
    private const int StreamWindow = 256;

    public override async Task ReserveStream(
        IAsyncStreamReader<ReserveStreamRequest> requestStream, IServerStreamWriter<ReserveStreamResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        using var window = new SemaphoreSlim(StreamWindow, StreamWindow);
        using var writer = new SemaphoreSlim(1, 1);
        Exception? failure = null;

        async Task AnswerAsync(string reservationId, Task<ReserveOutcome>? decision, DomainException? refused)
        {
            try
            {
                var answer = new ReserveStreamResponse { ReservationId = reservationId };
                if (decision is not null)
                {
                    try
                    {
                        answer.Decided = ToResponse(await decision);
                    }
                    catch (DomainException domain)
                    {
                        refused = domain;
                    }
                }

                if (refused is not null)
                {
                    answer.Refused = Refusal(refused);
                    LogStreamRefused(logger, reservationId, refused.StatusCode, refused.Message);
                }

                await writer.WaitAsync(ct);
                try
                {
                    await responseStream.WriteAsync(answer, ct);
                }
                finally
                {
                    writer.Release();
                }
            }
            catch (Exception ex)
            {
                // Ends the stream after the reads stop; every request answered so far stays answered.
                Interlocked.CompareExchange(ref failure, ex, null);
            }
            finally
            {
                window.Release();
            }
        }

        try
        {
            await foreach (var message in requestStream.ReadAllAsync(ct))
            {
                if (Volatile.Read(ref failure) is not null)
                {
                    break;
                }

                await window.WaitAsync(ct);
                var request = message.Reserve ?? new ReserveRequest();
                Task<ReserveOutcome>? decision = null;
                DomainException? refused = null;
                try
                {
                    decision = await SubmitReserveAsync(request, ct);
                }
                catch (DomainException domain)
                {
                    refused = domain;
                }
                catch
                {
                    window.Release();
                    throw;
                }

                _ = AnswerAsync(request.ReservationId, decision, refused);
            }
        }
        finally
        {
            // Every permit back means every answer was written (or failed), also when the caller went away.
            for (var i = 0; i < StreamWindow; i++)
            {
                await window.WaitAsync(CancellationToken.None);
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static ReserveRefusal Refusal(DomainException refused) => new()
    {
        Code = (int)refused.StatusCode,
        Detail = refused.Message,
        Field = refused is ValidationException validation ? validation.Field : string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "ReserveStream refused {ReservationId} with {StatusCode}: {Detail}")]
    private static partial void LogStreamRefused(ILogger logger, string reservationId, StatusCode statusCode, string detail);
}
