using System.Buffers;
using System.Text;
using System.Text.Json;
using Integration.Connectors.Channels;
using Microsoft.Extensions.Options;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// The steps every webhook endpoint shares: find the channel, read the raw body within the size limit, check the
/// signature, store durably, count. The storefront-specific endpoints decide headers, topics and dedupe keys.
/// </summary>
public sealed partial class WebhookIntake(
    ChannelRegistry channels, DeliveryWriter writer, WebhookMetrics metrics, IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookIntake> logger)
{
    public ChannelOptions? Channel(string name, string kind) =>
        channels.Find(name) is { } channel && string.Equals(channel.Kind, kind, StringComparison.OrdinalIgnoreCase) ? channel : null;

    /// <summary>The raw body bytes exactly as sent (what was signed), or null when it is larger than allowed.</summary>
    public async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var max = options.CurrentValue.MaxBodyBytes;
        if (request.ContentLength is { } declared)
        {
            if (declared > max)
            {
                return null;
            }

            // Straight from Kestrel's pipe, whatever has arrived at each read (consumed at once, so a body larger than
            // Kestrel's request buffer cannot stall): fewer layers than the request stream's read per 4 KiB block.
            var exact = new byte[declared];
            var reader = request.BodyReader;
            var filled = 0;
            while (filled < exact.Length)
            {
                var result = await reader.ReadAsync(ct);
                var received = result.Buffer;
                var take = (int)Math.Min(received.Length, exact.Length - filled);
                received.Slice(0, take).CopyTo(exact.AsSpan(filled));
                filled += take;
                reader.AdvanceTo(received.GetPosition(take));
                if (result.IsCompleted && filled < exact.Length)
                {
                    throw new EndOfStreamException($"the request body ended after {filled} of its {declared} declared bytes");
                }
            }

            return exact;
        }

        // Chunked: read at most one byte past the limit to know it was exceeded.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Checks the signature with the channel's secrets; counts and logs a failure (never the body or a secret).</summary>
    public bool Verify(string channelName, ChannelOptions channel, byte[] body, string? signature, Func<string?, string?>? secretForm = null)
    {
        secretForm ??= s => s;
        string reason;
        if (string.IsNullOrEmpty(signature))
        {
            reason = "missing";
        }
        else if (string.IsNullOrEmpty(channel.Secret))
        {
            reason = "no_secret_configured";
        }
        else if (WebhookSignature.Verify(body, signature, secretForm(channel.Secret), secretForm(channel.PreviousSecret), channel.PreviousSecretValidUntil, clock.GetUtcNow()) is { } which)
        {
            if (which == "previous")
            {
                LogPreviousSecret(logger, channelName);
            }

            return true;
        }
        else
        {
            reason = "mismatch";
        }

        metrics.SignatureFailure(channelName, reason);
        LogSignatureRefused(logger, channelName, reason);
        return false;
    }

    /// <summary>Stores the delivery and answers: 200 for stored, duplicate and ignored alike (the storefront must stop retrying).</summary>
    public async Task<IResult> StoreAsync(IncomingDelivery delivery, CancellationToken ct)
    {
        var outcome = await writer.StoreAsync(delivery, ct);
        var counted = outcome == StoreOutcome.Duplicate ? "duplicate" : delivery.Ignored ? "ignored" : "stored";
        metrics.Delivery(delivery.Channel, delivery.Topic, counted);
        if (delivery.Ignored && outcome == StoreOutcome.Stored)
        {
            LogIgnoredTopic(logger, delivery.Channel, delivery.Topic);
        }

        return Results.Ok();
    }

    /// <summary>A storefront's unsigned "are you there" (WooCommerce's creation ping): answered, counted, nothing stored.</summary>
    public IResult Ping(string channel)
    {
        metrics.Delivery(channel, "ping", "ping");
        LogPing(logger, channel);
        return Results.Ok();
    }

    /// <summary>Counts a refusal (413, 400, 401, 404) by its reason and answers with it.</summary>
    public IResult Refuse(string channel, string topic, int status, string reason)
    {
        metrics.Delivery(channel, topic, reason);
        LogRefused(logger, channel, status, reason);
        return Results.Problem(statusCode: status, title: reason);
    }

    /// <summary>The headers that matter for processing, as JSON (the signature is never among them).</summary>
    public static string HeadersJson(HttpRequest request, ReadOnlySpan<(string Name, string[] Candidates)> headers)
    {
        // Written directly (no dictionary to serialise): it runs on every delivery.
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, candidates) in headers)
            {
                if (Header(request, candidates) is { } value)
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The first present header of <paramref name="names"/> (newer header families first).</summary>
    public static string? Header(HttpRequest request, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (request.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()))
            {
                return value.ToString().Trim();
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for channel {Channel} refused: signature {Reason}")]
    private static partial void LogSignatureRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for channel {Channel} verified with the previous secret (rotation window open)")]
    private static partial void LogPreviousSecret(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for channel {Channel} refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook creation ping from channel {Channel} answered")]
    private static partial void LogPing(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook topic {Topic} of channel {Channel} is not acted on: stored as ignored")]
    private static partial void LogIgnoredTopic(ILogger logger, string channel, string topic);
}
