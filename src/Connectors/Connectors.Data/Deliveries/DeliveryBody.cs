using System.Buffers;
using System.IO.Compression;

namespace Integration.Connectors.Data.Deliveries;

/// <summary>
/// The stored form of a webhook body. A Shopify order is ~19 KB of JSON that Brotli's fastest setting shrinks about
/// five times for ~30 µs of CPU: SQLite then writes a fifth to its WAL and copies a fifth into the database file at each
/// checkpoint, whose syncs are what the intake's commits wait behind. The signature is checked on the raw bytes before
/// this; <see cref="Decode"/> gives them back byte for byte.
/// </summary>
public static class DeliveryBody
{
    // Quality 0 is Brotli's one-pass fast mode (3.6 KB from the 18.7 KB reference order, ~30 µs; quality 1 ~40 µs for
    // the same size, Deflate level 1 ~40 µs for 4.4 KB). A 64 KiB window covers typical bodies whole.
    private const int Quality = 0;
    private const int Window = 16;

    /// <summary>The bytes to store and how they are encoded: Brotli when it is smaller, else the raw bytes.</summary>
    public static (byte[] Stored, BodyEncoding Encoding) Encode(byte[] raw)
    {
        if (raw.Length == 0)
        {
            return (raw, BodyEncoding.Identity);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        try
        {
            return BrotliEncoder.TryCompress(raw, buffer, out var written, Quality, Window) && written < raw.Length
                ? (buffer.AsSpan(0, written).ToArray(), BodyEncoding.Brotli)
                : (raw, BodyEncoding.Identity);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The raw body of a stored delivery, whichever form it was stored in.</summary>
    public static byte[] Raw(this WebhookDelivery delivery) => Decode(delivery.Body, delivery.BodyEncoding, delivery.BodySize);

    /// <summary>The raw body from its stored bytes.</summary>
    public static byte[] Decode(byte[] stored, BodyEncoding encoding, int? size)
    {
        switch (encoding)
        {
            case BodyEncoding.Identity:
                return stored;
            case BodyEncoding.Brotli when size is { } length:
                var raw = new byte[length];
                if (!BrotliDecoder.TryDecompress(stored, raw, out var written) || written != length)
                {
                    throw new InvalidDataException($"a stored webhook body does not decompress to its recorded {length} bytes");
                }

                return raw;
            default:
                throw new InvalidDataException($"a stored webhook body has encoding {encoding} and size {size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}");
        }
    }

    /// <summary>The raw body's length (the stored bytes are the raw body when no size was recorded: rows from before compression).</summary>
    public static int RawSize(this WebhookDelivery delivery) => delivery.BodySize ?? delivery.Body.Length;
}
