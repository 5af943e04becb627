using System.Collections.Concurrent;
using Grpc.Core;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Bench;

/// <summary>
/// One open ReserveStream per client: a reservation is written on its stream and answered by reservation id, so
/// a client pays the per-call cost (HTTP/2 stream, headers, middleware) once instead of per reservation.
/// </summary>
internal sealed class ReserveStreams : IAsyncDisposable
{
    private readonly Stream[] _streams;

    public ReserveStreams(InventoryService.InventoryServiceClient client, int count, CancellationToken ct) =>
        _streams = [.. Enumerable.Range(0, count).Select(_ => new Stream(client.ReserveStream(cancellationToken: ct)))];

    /// <summary>Sends <paramref name="request"/> on the stream of <paramref name="client"/> and waits for its answer.</summary>
    public Task<ReserveStreamResponse> ReserveAsync(int client, ReserveRequest request) =>
        _streams[client % _streams.Length].ReserveAsync(request);

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }
    }

    private sealed class Stream : IAsyncDisposable
    {
        private readonly AsyncDuplexStreamingCall<ReserveStreamRequest, ReserveStreamResponse> _call;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<ReserveStreamResponse>> _waiting = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly Task _reading;

        public Stream(AsyncDuplexStreamingCall<ReserveStreamRequest, ReserveStreamResponse> call)
        {
            _call = call;
            _reading = Task.Run(ReadAsync);
        }

        public async Task<ReserveStreamResponse> ReserveAsync(ReserveRequest request)
        {
            var answer = new TaskCompletionSource<ReserveStreamResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[request.ReservationId] = answer;
            await _write.WaitAsync();
            try
            {
                await _call.RequestStream.WriteAsync(new ReserveStreamRequest { Reserve = request });
            }
            finally
            {
                _write.Release();
            }

            return await answer.Task;
        }

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var answer in _call.ResponseStream.ReadAllAsync())
                {
                    if (_waiting.TryRemove(answer.ReservationId, out var waiting))
                    {
                        waiting.SetResult(answer);
                    }
                }
            }
            catch (RpcException ex)
            {
                foreach (var waiting in _waiting.Values)
                {
                    waiting.TrySetException(ex);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _call.RequestStream.CompleteAsync();
            await _reading;
            _call.Dispose();
            _write.Dispose();
        }
    }
}
