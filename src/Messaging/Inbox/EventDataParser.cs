using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Integration.Messaging.Inbox;

/// <summary>
/// A handler's own reader of its event data (protobuf JSON as UTF-8, as it arrived) into <paramref name="descriptor"/>'s
/// message, used in place of <see cref="Events.EventJson.Parse"/>. It must give the same message as that parser for every
/// text it accepts, or fall back to it; it throws as that parser does for data no retry can read.
/// </summary>
public delegate IMessage EventDataParser(ReadOnlySpan<byte> utf8Json, MessageDescriptor descriptor);
