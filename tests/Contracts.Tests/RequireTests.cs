using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Contracts.Tests;

public sealed class RequireTests
{
    [Theory]
    [InlineData(" tee-blue-m ", "TEE-BLUE-M")]
    [InlineData("a.b_c-1", "A.B_C-1")]
    public void Skus_are_normalised(string raw, string normalised) => Assert.Equal(normalised, Require.Sku(raw, "sku"));

    [Theory]
    [InlineData("")]
    [InlineData("-LEADING")]
    [InlineData("HAS SPACE")]
    [InlineData("ÜMLAUT")]
    public void Malformed_skus_are_refused_naming_the_field(string raw)
    {
        var error = Assert.Throws<ValidationException>(() => Require.Sku(raw, "lines[3].sku"));
        Assert.Equal("lines[3].sku", error.Field);
    }

    [Fact]
    public void A_sku_longer_than_64_characters_is_refused() =>
        Assert.Throws<ValidationException>(() => Require.Sku(new string('A', 65), "sku"));

    [Fact]
    public void Page_tokens_round_trip_and_garbage_is_refused()
    {
        Assert.Equal("PRODUCT-42", PageToken.Decode(PageToken.Encode("PRODUCT-42"), "page_token"));
        Assert.Null(PageToken.Decode("", "page_token"));
        Assert.Throws<ValidationException>(() => PageToken.Decode("!!not base64!!", "page_token"));
    }
}
