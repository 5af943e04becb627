using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;

namespace Integration.Messaging.Events;

/// <summary>
/// One JSON object written exactly as <see cref="EventJson.Format"/> writes it (protobuf JSON, proto field names,
/// fields at their default value left out, <c>{ "a": "x", "b": true }</c> spacing), field by field. For the events a
/// service emits once per request the reflection-driven formatter was the largest single item of its own work; a
/// hand-written writer per hot event (Order's OrderPlaced, Catalog's ProductChanged) uses these primitives, and each
/// keeps a property test comparing its text with the formatter's.
/// </summary>
public ref struct ProtobufJsonObject(StringBuilder text)
{
    private bool _any;

    /// <summary>Writes the separator and the quoted name; the caller writes the value.</summary>
    public void Name(string name)
    {
        text.Append(_any ? ", \"" : "{ \"").Append(name).Append("\": ");
        _any = true;
    }

    public void StringField(string name, string value)
    {
        if (value.Length > 0)
        {
            Name(name);
            ProtobufJson.Quoted(text, value);
        }
    }

    /// <summary>An int64 field: a JSON string in protobuf JSON.</summary>
    public void Int64Field(string name, long value)
    {
        if (value != 0)
        {
            Name(name);
            text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
        }
    }

    /// <summary>An int32 field: a JSON number.</summary>
    public void Int32Field(string name, int value)
    {
        if (value != 0)
        {
            Name(name);
            text.Append(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void BoolField(string name, bool value)
    {
        if (value)
        {
            Name(name);
            text.Append("true");
        }
    }

    public void MoneyField(string name, Money? money) => MessageField(name, money, ProtobufJson.Money);

    /// <summary>A message field (left out when unset), its object written by <paramref name="write"/>.</summary>
    public void MessageField<T>(string name, T? value, Action<StringBuilder, T> write)
        where T : class
    {
        if (value is not null)
        {
            Name(name);
            write(text, value);
        }
    }

    public void TimestampField(string name, Timestamp? time)
    {
        if (time is not null)
        {
            Name(name);
            ProtobufJson.Timestamp(text, time);
        }
    }

    /// <summary>A repeated field (left out when empty): <c>[ a, b ]</c>, each item written by <paramref name="write"/>.</summary>
    public void List<T>(string name, IReadOnlyList<T> items, Action<StringBuilder, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        Name(name);
        text.Append("[ ");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            write(text, items[i]);
        }

        text.Append(" ]");
    }

    public readonly void End() => text.Append(_any ? " }" : "{ }");
}
