using System.Buffers.Text;
using System.Text;
using Integration.ServiceDefaults.Errors;

namespace Integration.ServiceDefaults.Validation;

/// <summary>Opaque keyset page tokens: the last key of the previous page, base64url-encoded.</summary>
public static class PageToken
{
    /// <summary>Encodes the last key of a page.</summary>
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    /// <summary>Decodes a token from a previous page; null for the first page.</summary>
    public static string? Decode(string? token, string field)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ValidationException(field, "is not a token returned by a previous page");
        }
    }

    /// <summary>Page size: 0 means <paramref name="defaultSize"/>; otherwise 1..<paramref name="maxSize"/>.</summary>
    public static int Size(int requested, string field, int defaultSize = 100, int maxSize = 500) =>
        requested switch
        {
            0 => defaultSize,
            > 0 when requested <= maxSize => requested,
            _ => throw new ValidationException(field, $"{requested} must be between 1 and {maxSize} (0 for {defaultSize})"),
        };
}
