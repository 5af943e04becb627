using System.Text.Json;
using CsCheck;
using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Fields;
using Integration.Catalog.Products;
using Integration.Contracts.Common.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;

namespace Integration.Catalog.Tests;

/// <summary>
/// The import writes the ProductChanged outbox data, field stamps and audit fields by hand; the single upsert path and
/// every stored row so far have the formatters' text. Random values (quotes, control and non-ASCII characters, zero and
/// negative numbers, empty lists and messages) must come out character for character as the formatters write them.
/// </summary>
public sealed class SerializedFormsTests
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Const(string.Empty)),
        (6, Gen.String[Gen.Char["abcXYZ019-_./: "], 1, 12]),
        (2, Gen.String[Gen.Char["\"\\&<>+'=`\n\t\u0001\u007féß€中\u2028\u00ad\u200b\ufeff"], 1, 8]),
        (1, Gen.Const("size 😀 M")));

    private static readonly Gen<long> Number = Gen.Frequency((2, Gen.Const(0L)), (3, Gen.Long[-5, 100_000]), (1, Gen.Long));

    private static readonly Gen<Money> Amount = Gen.Select(Gen.Frequency((1, Gen.Const(string.Empty)), (4, Gen.String[Gen.Char["EURSDJPY"], 3, 3])), Number,
        Gen.Frequency((2, Gen.Const(0)), (2, Gen.Int[-999_999_999, 999_999_999])), (code, units, nanos) => new Money { CurrencyCode = code, Units = units, Nanos = nanos });

    private static readonly Gen<VariantSnapshot> Variant = Gen.Select(Text, Gen.Bool, Gen.Frequency((1, Gen.Const((Money?)null)), (4, Amount.Select(m => (Money?)m))),
        Text, Text, Text, Number)
        .Select(Amount.List[0, 3], Gen.Select(Text, Text, Text).List[0, 2], (v, prices, ids) =>
        {
            var (sku, active, cost, tax, gl, barcode, weight) = v;
            var snapshot = new VariantSnapshot { Sku = sku, Active = active, UnitCost = cost, TaxClass = tax, GlCategory = gl, Barcode = barcode, WeightGrams = weight };
            snapshot.ListPrices.AddRange(prices);
            snapshot.ExternalIds.AddRange(ids.Select(i => new ExternalReference { Channel = i.Item1, Kind = i.Item2, Value = i.Item3 }));
            return snapshot;
        });

    private static readonly Gen<Timestamp?> Time = Gen.Frequency(
        (1, Gen.Const((Timestamp?)null)),
        (4, Gen.Select(Gen.Long[0, 253_402_300_799], Gen.Int[0, 3], Gen.Int[0, 999_999_999], (seconds, shape, nanos) => (Timestamp?)new Timestamp
        {
            Seconds = seconds,
            Nanos = shape switch { 0 => 0, 1 => nanos / 1_000_000 * 1_000_000, 2 => nanos / 1_000 * 1_000, _ => nanos },
        })));

    private static readonly Gen<ProductChanged> Event = Gen.Select(Text, Number, Text, Gen.Bool, Variant.List[0, 3], Time, Text.List[0, 4])
        .Select(Gen.Bool, (e, created) =>
        {
            var (id, version, source, active, variants, time, fields) = e;
            var evt = new ProductChanged { ProductId = id, Version = version, SourceSystem = source, Active = active, OccurredAt = time, Created = created };
            evt.Variants.AddRange(variants);
            evt.ChangedFields.AddRange(fields);
            return evt;
        });

    [Fact]
    public void ProductChanged_data_is_the_text_of_the_protobuf_formatter() =>
        Event.Sample(evt => Assert.Equal(EventJson.Format(evt), ProductChangedJson.Format(evt)), iter: 5_000);

    [Fact]
    public void The_import_outbox_row_is_the_row_the_outbox_records()
    {
        var evt = new ProductChanged { ProductId = "TEE", Version = 3, SourceSystem = "erp", Active = true, Created = true };
        evt.Variants.Add(new VariantSnapshot { Sku = "TEE-M", UnitCost = new Money { CurrencyCode = "EUR", Units = 4, Nanos = 200_000_000 } });
        evt.ChangedFields.Add("variants[TEE-M].unit_cost");
        var now = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

        var expected = OutboxMessage.For(evt, "product/TEE", now);
        var row = ProductEvents.OutboxRow(evt, "product/TEE", now);

        Assert.Equal(
            (expected.Type, expected.AggregateKey, expected.Data, expected.TraceParent, expected.CreatedAt, expected.NextAttemptAt, expected.Attempts),
            (row.Type, row.AggregateKey, row.Data, row.TraceParent, row.CreatedAt, row.NextAttemptAt, row.Attempts));
        Assert.Equal(32, row.EventId.Length);
        Assert.NotEqual(expected.EventId, row.EventId);
    }

    [Fact]
    public void Field_stamps_are_written_as_the_serializer_writes_them_and_read_back()
    {
        var stamps = Gen.Select(Gen.OneOf(Text, Gen.String[Gen.Char["abz_"], 1, 12]), Text.Where(t => t.Length > 0), Gen.Long).List[0, 12];
        stamps.Sample(list =>
        {
            var written = FieldStamps.Parse("{}");
            var expected = new SortedDictionary<string, FieldStamps.Stamp>(StringComparer.Ordinal);
            foreach (var (field, by, version) in list)
            {
                written.Set(field, by, version);
                expected[field] = new FieldStamps.Stamp(by, version);
            }

            var json = written.ToJson();
            Assert.Equal(JsonSerializer.Serialize(expected), json);
            var read = FieldStamps.Parse(json);
            Assert.All(expected, e => Assert.Equal(e.Value, read.Get(e.Key)));
            Assert.Equal(json, read.ToJson());
        }, iter: 2_000);
    }

    [Fact]
    public void Audit_fields_are_written_as_the_serializer_writes_them() =>
        Gen.Select(Text, Text, Text).List[0, 30].Sample(list =>
        {
            var changes = list.Select(c => new FieldChangeDraft(c.Item1, "title", null, c.Item2, c.Item3)).ToList();
            Assert.Equal(JsonSerializer.Serialize(changes.Select(c => new AuditField(c.Path, c.Old, c.New))), AuditField.Json(changes));
        }, iter: 2_000);
}
