using System.Text;
using System.Text.Json;
using Integration.Connectors.Webhooks;
using Integration.Connectors.WooCommerce;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>The HMAC check against published vectors, and everything that must make it fail.</summary>
public sealed class SignatureTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string, string, string> ShopifyVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var vector in Vectors(Path.Combine(FixtureFiles.RepositoryRoot, "signatures", "test_vectors.json")).Where(v => v.GetProperty("platform").GetString() == "shopify"))
        {
            data.Add(vector.GetProperty("secret").GetString()!, vector.GetProperty("body").GetString()!, vector.GetProperty("expected").GetString()!);
        }

        return data;
    }

    [Fact]
    public void The_repository_holds_every_MIT_vector_and_no_other()
    {
        var vectors = Vectors(Path.Combine(FixtureFiles.RepositoryRoot, "signatures", "test_vectors.json"));
        Assert.Equal(2, vectors.Count);
        Assert.All(vectors, v => Assert.Equal("MIT", v.GetProperty("licence").GetString()));
    }

    [Theory]
    [MemberData(nameof(ShopifyVectors))]
    public void Every_Shopify_vector_verifies(string secret, string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(expected, WebhookSignature.Compute(bytes, secret));
        Assert.True(WebhookSignature.Matches(bytes, secret, expected));
    }

    [Theory]
    [MemberData(nameof(ShopifyVectors))]
    public void A_one_byte_change_to_the_body_or_the_secret_fails(string secret, string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.False(WebhookSignature.Matches(changed, secret, expected));
        }

        var longer = bytes.Append((byte)' ').ToArray();
        Assert.False(WebhookSignature.Matches(longer, secret, expected));
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        for (var i = 0; i < secretBytes.Length; i++)
        {
            var changed = (byte[])secretBytes.Clone();
            changed[i] ^= 0x01;
            Assert.False(WebhookSignature.Matches(bytes, Encoding.UTF8.GetString(changed), expected));
        }

        // A signature off by one bit, truncated, or not base64 at all.
        var signature = Convert.FromBase64String(expected);
        signature[^1] ^= 0x01;
        Assert.False(WebhookSignature.Matches(bytes, secret, Convert.ToBase64String(signature)));
        Assert.False(WebhookSignature.Matches(bytes, secret, expected[..^4]));
        Assert.False(WebhookSignature.Matches(bytes, secret, "not base64!"));
        Assert.False(WebhookSignature.Matches(bytes, secret, string.Empty));
    }

    [Fact]
    public void The_raw_body_is_what_is_signed_so_re_serialised_JSON_fails()
    {
        var raw = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        var signature = WebhookSignature.Compute(raw, ConnectorsHost.Secret);
        using var document = JsonDocument.Parse(raw);
        // The same JSON value, written again: compact, or with numbers through a double ("rate": 0.06 stays, "1.0" would not).
        var compact = JsonSerializer.SerializeToUtf8Bytes(document.RootElement);
        var indented = JsonSerializer.SerializeToUtf8Bytes(document.RootElement, Indented);

        Assert.True(WebhookSignature.Matches(raw, ConnectorsHost.Secret, signature));
        Assert.NotEqual(raw, compact);
        Assert.False(WebhookSignature.Matches(compact, ConnectorsHost.Secret, signature));
        Assert.False(WebhookSignature.Matches(indented, ConnectorsHost.Secret, signature));
    }

    [Fact]
    public void The_previous_secret_counts_only_inside_its_rotation_window()
    {
        var body = "{\"id\":1}"u8.ToArray();
        var now = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var byOld = WebhookSignature.Compute(body, "old");

        Assert.Equal("current", WebhookSignature.Verify(body, WebhookSignature.Compute(body, "new"), "new", "old", now.AddMinutes(1), now));
        Assert.Equal("previous", WebhookSignature.Verify(body, byOld, "new", "old", now.AddMinutes(1), now));
        Assert.Null(WebhookSignature.Verify(body, byOld, "new", "old", now, now));
        Assert.Null(WebhookSignature.Verify(body, byOld, "new", "old", null, now));
        Assert.Null(WebhookSignature.Verify(body, byOld, "new", null, now.AddHours(1), now));
    }

    /// <summary>
    /// WooCommerce: base64(hash_hmac('sha256', body, wp_specialchars_decode(secret, ENT_QUOTES), true)) — computed here
    /// from that documented algorithm over WooCommerce's documented order body, independently of the production code.
    /// </summary>
    [Fact]
    public void WooCommerce_signatures_follow_its_documented_algorithm_over_its_documented_body()
    {
        var body = FixtureFiles.WooCommerceBody("wc_rest_v3_order_retrieve__woocommerce-rest-api-docs.json");
        // trim(wp_json_encode($payload)) is what WooCommerce sends; the fixture is that JSON with its own whitespace, which is what is signed.
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("wc_p&ss_\"q\""));
        var expected = Convert.ToBase64String(hmac.ComputeHash(body));

        Assert.Equal(expected, WebhookSignature.Compute(body, WooSecret.SigningKey(ConnectorsHost.WooStoredSecret)!));
        Assert.True(WebhookSignature.Matches(body, WooSecret.SigningKey("wc_p&amp;ss_&quot;q&quot;")!, expected));
        // Undecoded, the stored form is another key.
        Assert.False(WebhookSignature.Matches(body, ConnectorsHost.WooStoredSecret, expected));
        Assert.Equal("a&b<c>'d'\"e\"&lt;", WooSecret.SigningKey("a&amp;b&lt;c&gt;&#039;d&#039;&quot;e&quot;&amp;lt;"));
    }

    [Fact]
    public void The_GPL_WooCommerce_vector_verifies_where_the_shared_fixtures_exist()
    {
        if (FixtureFiles.SharedRoot is not { } shared || !File.Exists(Path.Combine(shared, "signatures", "test_vectors.json")))
        {
            // CI has only tests/fixtures, which does not carry the GPL vector; the documented-algorithm test above stands in.
            return;
        }

        var vector = Vectors(Path.Combine(shared, "signatures", "test_vectors.json")).Single(v => v.GetProperty("platform").GetString() == "woocommerce");
        var body = Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!);
        var expected = vector.GetProperty("expected").GetString()!;

        Assert.Equal(expected, WebhookSignature.Compute(body, WooSecret.SigningKey(vector.GetProperty("secret").GetString())!));
        Assert.False(WebhookSignature.Matches(body, "x", expected));
    }

    private static List<JsonElement> Vectors(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
