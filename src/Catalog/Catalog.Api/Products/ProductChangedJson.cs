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
        fields.List("variants", evt.Variants, Variant);
        fields.TimestampField("occurred_at", evt.OccurredAt);
        fields.List("changed_fields", evt.ChangedFields, ProtobufJson.Quoted);
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
        fields.List("list_prices", variant.ListPrices, ProtobufJson.Money);
        fields.List("external_ids", variant.ExternalIds, ExternalId);
        fields.End();
    }

    private static void ExternalId(StringBuilder text, ExternalReference id)
    {
        var fields = new ProtobufJsonObject(text);
        fields.StringField("channel", id.Channel);
        fields.StringField("kind", id.Kind);
        fields.StringField("value", id.Value);
        fields.End();
    }
}
