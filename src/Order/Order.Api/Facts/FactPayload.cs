using Google.Protobuf;

namespace Integration.Order.Facts;

/// <summary>Facts are stored as the protobuf JSON of their contract message: readable in the database, exact for money.</summary>
internal static class FactPayload
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static T Parse<T>(string json) where T : IMessage<T>, new() => Parser.Parse<T>(json);
}
