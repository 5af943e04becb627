namespace Integration.Order.Data.Idempotency;

/// <summary>A client idempotency key: the request's hash and, once done, the first response.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }

    /// <summary>The RPC it was used with.</summary>
    public required string Method { get; set; }

    /// <summary>SHA-256 of the request bytes, hex.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The serialised first response; null while the first call is under way.</summary>
    public byte[]? Response { get; set; }

    public DateTime CreatedAt { get; set; }
}
