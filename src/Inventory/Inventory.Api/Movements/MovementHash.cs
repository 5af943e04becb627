using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Integration.Inventory.Movements;

/// <summary>
/// The fingerprint stored with a movement: SHA-256 hex of its normalised fields, one per line.
/// Fields are validated identifiers and numbers (no line breaks), so the joined text is unambiguous;
/// free text goes last.
/// </summary>
internal static class MovementHash
{
    public static string Of(string kind, string sku, string locationId, long quantity, string reference)
    {
        var text = string.Join('\n', kind, sku, locationId, quantity.ToString(CultureInfo.InvariantCulture), reference);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
