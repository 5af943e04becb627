using System.Text;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;

namespace Integration.Catalog.Products;

/// <summary>
/// <see cref="ProductChanged"/> as the outbox stores it: the text of Messaging's EventJson (protobuf's JsonFormatter,
/// proto field names), written field by field. The formatter walks descriptors and reflects on every field; for an
/// import that was a sixth of the writer's time. ProductChangedJsonTests compares the two on random events, character
/// for character.
/// </summary>
internal static class ProductChangedJson
{
    [ThreadStatic]
    private static StringBuilder? _text;

    public static string Format(ProductChanged evt)
    {
        var text = _text ??= new StringBuilder(1024);
        text.Clear();
        var fields = new ProtobufJsonObject(text);
        fields.StringField("product_id", evt.ProductId);
        fields.Int64Field("version", evt.Version);
        fields.StringField("source_system", evt.SourceSystem);
        fields.BoolField("active", evt.Active);
        if (fields.List("variants", evt.Variants.Count))
        {
            for (var i = 0; i < evt.Variants.Count; i++)
            {
                ProtobufJson.Item(text, i);
                Variant(text, evt.Variants[i]);
            }

            ProtobufJson.EndList(text);
        }

        fields.TimestampField("occurred_at", evt.OccurredAt);
        if (fields.List("changed_fields", evt.ChangedFields.Count))
        {
            for (var i = 0; i < evt.ChangedFields.Count; i++)
            {
                ProtobufJson.Item(text, i);
                ProtobufJson.Quoted(text, evt.ChangedFields[i]);
            }

            ProtobufJson.EndList(text);
        }

        fields.BoolField("created", evt.Created);
        fields.End();
        return text.ToString();
    }

    private static void Variant(StringBuilder text, VariantSnapshot variant)
    {
        var fields = new ProtobufJsonObject(text);
        fields.StringField("sku", variant.Sku);
        fields.BoolField("active", variant.Active);
        fields.MoneyField("unit_cost", variant.UnitCost);
        fields.StringField("tax_class", variant.TaxClass);
        fields.StringField("gl_category", variant.GlCategory);
        fields.StringField("barcode", variant.Barcode);
        fields.Int64Field("weight_grams", variant.WeightGrams);
        if (fields.List("list_prices", variant.ListPrices.Count))
        {
            for (var i = 0; i < variant.ListPrices.Count; i++)
            {
                ProtobufJson.Item(text, i);
                ProtobufJson.Money(text, variant.ListPrices[i]);
            }

            ProtobufJson.EndList(text);
        }

        if (fields.List("external_ids", variant.ExternalIds.Count))
        {
            for (var i = 0; i < variant.ExternalIds.Count; i++)
            {
                ProtobufJson.Item(text, i);
                var id = variant.ExternalIds[i];
                var reference = new ProtobufJsonObject(text);
                reference.StringField("channel", id.Channel);
                reference.StringField("kind", id.Kind);
                reference.StringField("value", id.Value);
                reference.End();
            }

            ProtobufJson.EndList(text);
        }

        fields.End();
    }
}
