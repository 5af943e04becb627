using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Integration.Order.Data;
using Integration.Order.Data.Idempotency;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Idempotency;

/// <summary>
/// The client idempotency key of mutating RPCs (gRPC metadata <c>idempotency-key</c>): the key is claimed with the
/// SHA-256 of the method and request bytes before the call runs, and the response stored after it. The same key and body
/// get the stored first response (waiting while the first call runs); the same key with another body is refused.
/// A call that fails releases its key, so the client may retry it. A claim left by a crashed call is taken over after
/// <see cref="Abandoned"/>; the natural keys (order and fact ids) keep that retry free of a second effect.
/// The context is taken from the call's scope only for a call that carries a key: most calls carry none, and building
/// a DbContext per call was measurable on IngestOrder's hot path.
/// </summary>
internal sealed class IdempotentCalls(IServiceProvider services, TimeProvider clock)
{
    public const string Header = "idempotency-key";
    private static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public async Task<TResponse> RunAsync<TRequest, TResponse>(ServerCallContext context, TRequest request, Func<Task<TResponse>> call)
        where TRequest : IMessage
        where TResponse : IMessage<TResponse>, new()
    {
        var key = context.RequestHeaders.GetValue(Header)?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return await call();
        }

        if (key.Length > 200)
        {
            throw new ValidationException(Header, $"is {key.Length} characters long; at most 200 are allowed");
        }

        var db = services.GetRequiredService<OrderDbContext>();
        var method = context.Method;
        var hash = Hash(method, request);
        var ct = context.CancellationToken;
        while (true)
        {
            var stored = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct);
            if (stored is not null)
            {
                if (stored.RequestHash != hash || stored.Method != method)
                {
                    throw new ConflictException(
                        $"idempotency key '{key}' was first used with another request ({stored.Method}, body SHA-256 {stored.RequestHash[..12]}…); use a new key for a new request");
                }

                if (stored.Response is not null)
                {
                    return new MessageParser<TResponse>(() => new TResponse()).ParseFrom(stored.Response);
                }

                if (clock.GetUtcNow().UtcDateTime - stored.CreatedAt < Abandoned)
                {
                    // The first call with this key is still running: its response is the answer.
                    await Task.Delay(Poll, clock, ct);
                    continue;
                }

                await db.IdempotencyKeys.Where(r => r.Key == key && r.Response == null && r.CreatedAt == stored.CreatedAt).ExecuteDeleteAsync(ct);
                continue;
            }

            db.ChangeTracker.Clear();
            db.IdempotencyKeys.Add(new IdempotencyRecord { Key = key, Method = method, RequestHash = hash, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException)
            {
                // Claimed by a concurrent call: read its claim.
                db.ChangeTracker.Clear();
            }
        }

        TResponse response;
        try
        {
            response = await call();
        }
        catch
        {
            await db.IdempotencyKeys.Where(r => r.Key == key && r.Response == null).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        var bytes = response.ToByteArray();
        await db.IdempotencyKeys.Where(r => r.Key == key).ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, bytes), CancellationToken.None);
        return response;
    }

    /// <summary>SHA-256 of the method, a newline and the request bytes, as lower-case hex.</summary>
    private static string Hash(string method, IMessage request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(method + "\n"));
        sha.AppendData(request.ToByteArray());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
