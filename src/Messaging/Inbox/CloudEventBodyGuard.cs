using System.Text.Json;
using Integration.Messaging.Events;
using Microsoft.AspNetCore.Http;

namespace Integration.Messaging.Inbox;

/// <summary>
/// Refuses an application/cloudevents+json body that is not a JSON object with 400 and a reason, and
/// keeps the event's own traceparent: Dapr's middleware does not forward it as a header, and the
/// HTTP request's traceparent belongs to the delivery, not to the trace that recorded the event.
/// </summary>
internal static class CloudEventBodyGuard
{
    /// <summary>HttpContext.Items key of the CloudEvent's traceparent attribute.</summary>
    public const string TraceParentItem = "integration.cloudevent.traceparent";

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.ContentType?.StartsWith(CloudEventCodec.ContentType, StringComparison.OrdinalIgnoreCase) == true)
        {
            http.Request.EnableBuffering();
            var valid = true;
            try
            {
                using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                valid = document.RootElement.ValueKind == JsonValueKind.Object;
                if (valid && document.RootElement.TryGetProperty("traceparent", out var traceParent) && traceParent.ValueKind == JsonValueKind.String)
                {
                    http.Items[TraceParentItem] = traceParent.GetString();
                }
            }
            catch (JsonException)
            {
                valid = false;
            }

            if (!valid)
            {
                await Results.Problem("expected a structured CloudEvent: a JSON object", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
                return;
            }

            http.Request.Body.Position = 0;
        }

        await next(http);
    }
}
