using System.Text;
using CsCheck;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Common.V1;
using Integration.Messaging.Events;

namespace Integration.Messaging.Tests;

/// <summary>
/// The primitives the services' hand-written event JSON is built from (Order's OrderPlaced, Catalog's ProductChanged)
/// write exactly what <see cref="EventJson.Format"/> writes, and refuse what it refuses.
/// </summary>
public sealed class ProtobufJsonTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019 -_.,:;/#@+()*!?%$~[]{}|^"], 0, 12],
        Gen.String[Gen.Char["ab \"\\<>&='`\n\t\u0001\u007f\u00e9\u00ad\u2028\u4e2d"], 0, 6],
        Gen.String,
        Gen.Const("Caf\u00e9 \ud83d\ude00"),
        Gen.Const(string.Empty));

    private static readonly Gen<Money> Amount = Gen.Select(Text, Gen.OneOf(Gen.Long[-5, 5], Gen.Long), Gen.OneOf(Gen.Int[-999_999_999, 999_999_999], Gen.Int),
        (currency, units, nanos) => new Money { CurrencyCode = currency, Units = units, Nanos = nanos });

    // In and just outside the range protobuf accepts, with each fraction width.
    private static readonly Gen<Timestamp> Time = Gen.Select(
        Gen.OneOf(Gen.Long[-62_135_596_800, 253_402_300_799], Gen.Long[-62_135_596_802, -62_135_596_799], Gen.Long[253_402_300_798, 253_402_300_801]),
        Gen.OneOf(Gen.Const(0), Gen.Int[0, 999].Select(ms => ms * 1_000_000), Gen.Int[0, 999_999].Select(us => us * 1_000), Gen.Int[0, 999_999_999], Gen.Int[-2, 0], Gen.Int[999_999_999, 1_000_000_001]),
        (seconds, nanos) => new Timestamp { Seconds = seconds, Nanos = nanos });

    [Fact]
    public void Money_and_its_strings_are_written_as_the_formatter_writes_them() =>
        Amount.Sample(money => Written(text => ProtobufJson.Money(text, money)) == EventJson.Format(money), iter: 5_000,
            print: money => $"{money}\nwritten:  {Written(text => ProtobufJson.Money(text, money))}\nprotobuf: {EventJson.Format(money)}");

    [Fact]
    public void A_timestamp_is_written_as_the_formatter_writes_it_or_refused_as_it_refuses_it() =>
        Time.Sample(time => Outcome(() => Written(text => ProtobufJson.Timestamp(text, time))) == Outcome(() => EventJson.Format(time)), iter: 5_000,
            print: time => $"{time.Seconds}s {time.Nanos}ns\nwritten:  {Outcome(() => Written(text => ProtobufJson.Timestamp(text, time)))}\nprotobuf: {Outcome(() => EventJson.Format(time))}");

    [Fact]
    public void An_object_leaves_default_fields_out_and_an_empty_one_is_braces()
    {
        Assert.Equal("{ }", Written(text => new ProtobufJsonObject(text).End()));
        Assert.Equal(EventJson.Format(new Money()), Written(text => ProtobufJson.Money(text, new Money())));
    }

    private static string Written(Action<StringBuilder> write)
    {
        var text = new StringBuilder();
        write(text);
        return text.ToString();
    }

    private static string Outcome(Func<string> format)
    {
        try
        {
            return format();
        }
        catch (InvalidOperationException ex)
        {
            return $"refused: {ex.GetType().Name}";
        }
    }
}
