using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Contracts.Events.V1;

namespace Integration.Ledger.Postings.FactJson;

/// <summary>
/// Reads the order facts' protobuf JSON (OrderPlaced, OrderPaid, OrderShipped, OrderRefunded, OrderCancelled) with a
/// Utf8JsonReader straight into the messages. Google.Protobuf's JsonParser reads through a char tokenizer, boxes every
/// value and sets fields by reflection: it was the largest single item of a posted fact. Only the common form is read
/// here (either field-name style, int64 as a decimal string or an exactly representable number, RFC 3339 UTC timestamps);
/// anything else — unknown or repeated fields, nulls, exponents, offsets — returns null and the caller's JsonParser
/// decides, so the result is always JsonParser's (property test <c>OrderFactJsonProperties</c>).
/// </summary>
public static partial class OrderFactJson
{
    /// <summary><paramref name="json"/> as <paramref name="descriptor"/>'s message: read here when it can be, else by <paramref name="fallback"/>.</summary>
    public static IMessage Parse(string json, MessageDescriptor descriptor, Func<string, MessageDescriptor, IMessage> fallback) =>
        TryParse(json, descriptor) ?? fallback(json, descriptor);

    /// <summary>
    /// As <see cref="Parse(string, MessageDescriptor, Func{string, MessageDescriptor, IMessage})"/> for the data as UTF-8
    /// (a delivery's bytes, read in place): a string is made of them only for <paramref name="fallback"/>.
    /// </summary>
    public static IMessage Parse(ReadOnlySpan<byte> utf8, MessageDescriptor descriptor, Func<string, MessageDescriptor, IMessage> fallback) =>
        (ReaderFor(descriptor) is { } reader ? reader(utf8) : null) ?? fallback(Encoding.UTF8.GetString(utf8), descriptor);

    /// <summary>The message, or null when the text is not in the common form (or not one of the order facts).</summary>
    public static IMessage? TryParse(string json, MessageDescriptor descriptor)
    {
        var reader = ReaderFor(descriptor);
        if (reader is null)
        {
            return null;
        }

        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return reader(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private delegate IMessage? Reader(ReadOnlySpan<byte> utf8);

    private static Reader? ReaderFor(MessageDescriptor descriptor)
    {
        if (descriptor == OrderPlaced.Descriptor)
        {
            return utf8 => Root<OrderPlaced>(utf8, ReadPlaced);
        }

        if (descriptor == OrderPaid.Descriptor)
        {
            return utf8 => Root<OrderPaid>(utf8, ReadPaid);
        }

        if (descriptor == OrderShipped.Descriptor)
        {
            return utf8 => Root<OrderShipped>(utf8, ReadShipped);
        }

        if (descriptor == OrderRefunded.Descriptor)
        {
            return utf8 => Root<OrderRefunded>(utf8, ReadRefunded);
        }

        return descriptor == OrderCancelled.Descriptor ? utf8 => Root<OrderCancelled>(utf8, ReadCancelled) : null;
    }

    private delegate bool MessageReader<in T>(ref Utf8JsonReader reader, T message);

    /// <summary>The whole text is one object of <typeparamref name="T"/>; anything the reader refuses (comments, trailing text) means "not common".</summary>
    private static T? Root<T>(ReadOnlySpan<byte> utf8, MessageReader<T> read)
        where T : class, IMessage<T>, new()
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            var message = new T();
            if (!reader.Read() || !read(ref reader, message) || reader.Read())
            {
                return null;
            }

            return message;
        }
        catch (Exception ex) when (ex is NotCommonException or JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
