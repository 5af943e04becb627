namespace Integration.Connectors.WooCommerce;

/// <summary>
/// WooCommerce signs with <c>wp_specialchars_decode($secret, ENT_QUOTES)</c>: the stored secret with its HTML
/// entities decoded (a secret stored as <c>a&amp;amp;b</c> signs with <c>a&amp;b</c>). The same decoding here makes
/// our key the one WooCommerce used.
/// </summary>
public static class WooSecret
{
    public static string? SigningKey(string? secret) =>
        secret is null || !secret.Contains('&', StringComparison.Ordinal)
            ? secret
            // wp_specialchars_decode handles exactly these; &amp; last so "&amp;lt;" becomes "&lt;", as in PHP.
            : secret.Replace("&lt;", "<", StringComparison.Ordinal)
                .Replace("&gt;", ">", StringComparison.Ordinal)
                .Replace("&quot;", "\"", StringComparison.Ordinal)
                .Replace("&#039;", "'", StringComparison.Ordinal)
                .Replace("&#39;", "'", StringComparison.Ordinal)
                .Replace("&#x27;", "'", StringComparison.OrdinalIgnoreCase)
                .Replace("&amp;", "&", StringComparison.Ordinal);
}
