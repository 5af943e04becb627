using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Integration.Messaging.Events;

/// <summary>Protobuf JSON for event data: the canonical mapping, tolerant of fields added by newer producers.</summary>
public static class EventJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static IMessage Parse(string json, MessageDescriptor descriptor) => Parser.Parse(json, descriptor);
}
