namespace Integration.Connectors.Data.Deliveries;

/// <summary>How a delivery's <see cref="WebhookDelivery.Body"/> column holds the raw body.</summary>
public enum BodyEncoding
{
    /// <summary>The raw bytes themselves (every delivery stored before bodies were compressed, and bodies compression does not shrink).</summary>
    Identity = 0,

    /// <summary>Brotli of the raw bytes; <see cref="WebhookDelivery.BodySize"/> is the raw length.</summary>
    Brotli = 1,
}
