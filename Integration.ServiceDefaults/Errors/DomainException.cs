using Grpc.Core;

namespace Integration.ServiceDefaults.Errors;

/// <summary>
/// A refusal the caller can act on. The gRPC interceptor turns it into <see cref="Status"/> with
/// <see cref="StatusCode"/> and the message as the detail, so callers never see a bare Unknown.
/// </summary>
public abstract class DomainException(StatusCode statusCode, string message) : Exception(message)
{
    /// <summary>The gRPC status code this refusal maps to.</summary>
    public StatusCode StatusCode { get; } = statusCode;
}

/// <summary>Input that breaks a rule; names the field.</summary>
public sealed class ValidationException(string field, string reason)
    : DomainException(StatusCode.InvalidArgument, $"{field}: {reason}")
{
    /// <summary>The request field at fault, in proto field path form (e.g. "product.variants[0].sku").</summary>
    public string Field { get; } = field;
}

/// <summary>The thing asked for does not exist.</summary>
public sealed class NotFoundException(string message) : DomainException(StatusCode.NotFound, message);

/// <summary>The request collides with something that already exists (a key reused with another body).</summary>
public sealed class ConflictException(string message) : DomainException(StatusCode.AlreadyExists, message);

/// <summary>The system is not in a state that allows the request (an ownership rule, a closed period).</summary>
public sealed class PreconditionFailedException(string message) : DomainException(StatusCode.FailedPrecondition, message);
