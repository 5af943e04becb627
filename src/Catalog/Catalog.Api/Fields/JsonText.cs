using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Integration.Catalog.Fields;

/// <summary>
/// JSON written by hand with one reused <see cref="Utf8JsonWriter"/> per thread. Its default encoder is the one
/// <see cref="JsonSerializer"/> uses by default, so the text is the serializer's, without its per-call reflection
/// and allocations (stamps and audit fields are written for every field of every imported product).
/// </summary>
internal static class JsonText
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
