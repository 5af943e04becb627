using System.Security.Cryptography;
using System.Text;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// HMAC-SHA256 over the raw body bytes, base64 — the scheme of both Shopify (<c>X-Shopify-Hmac-Sha256</c>) and
/// WooCommerce (<c>X-WC-Webhook-Signature</c>). Compared in constant time so the answer's timing says nothing about
/// how much of a forged signature was right.
/// </summary>
public static class WebhookSignature
{
    public static string Compute(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="signature"/> (base64) is the HMAC of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> body, string secret, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 128)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[96];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>
    /// Checks the current secret, then the previous one while its rotation window is open (Shopify takes up to an
    /// hour to sign with a new client secret). Null when neither matches.
    /// </summary>
    public static string? Verify(ReadOnlySpan<byte> body, string? signature, string? secret, string? previousSecret, DateTimeOffset? previousValidUntil, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(secret) && Matches(body, secret, signature))
        {
            return "current";
        }

        return !string.IsNullOrEmpty(previousSecret) && previousValidUntil is { } until && now < until && Matches(body, previousSecret, signature)
            ? "previous"
            : null;
    }
}
