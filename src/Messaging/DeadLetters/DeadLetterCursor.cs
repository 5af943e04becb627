using System.Globalization;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Messaging.DeadLetters;

/// <summary>
/// Keyset position in the newest-first listing: the (ParkedAt, Id) of the last dead letter of a page.
/// Unlike an offset it neither skips nor repeats rows when new dead letters are parked between pages.
/// </summary>
internal readonly record struct DeadLetterCursor(DateTime ParkedAt, string Id)
{
    private const string Field = "page_token";

    public static DeadLetterCursor After(DeadLetter last) => new(last.ParkedAt, last.Id);

    public string Encode() => PageToken.Encode(string.Create(CultureInfo.InvariantCulture, $"{ParkedAt.Ticks}:{Id}"));

    /// <summary>The position a token names; null for the first page.</summary>
    public static DeadLetterCursor? Decode(string? token)
    {
        var text = PageToken.Decode(token, Field);
        if (text is null)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < text.Length - 1
            && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks)
        {
            // UTC: PostgreSQL refuses unspecified kinds for timestamptz parameters.
            return new DeadLetterCursor(new DateTime(ticks, DateTimeKind.Utc), text[(colon + 1)..]);
        }

        throw new ValidationException(Field, "is not a token returned by a previous page");
    }
}
