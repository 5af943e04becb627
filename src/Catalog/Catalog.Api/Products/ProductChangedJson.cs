using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Common.V1;

namespace Integration.Catalog.Products;

/// <summary>
/// <see cref="ProductChanged"/> as the outbox stores it: the text of Messaging's EventJson (protobuf's JsonFormatter,
/// proto field names), written field by field. The formatter walks descriptors and reflects on every field; for an
/// import that was a sixth of the writer's time. Strings that are not plain printable ASCII, and timestamps, are
/// still written by protobuf itself, so its escaping and time format hold as they are.
/// ProductChangedJsonTests compares the two on random events, character for character.
/// </summary>
internal static class ProductChangedJson
{
    private static readonly JsonFormatter Protobuf = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    /// <summary>Printable ASCII characters protobuf writes as themselves (asked once, of protobuf).</summary>
    private static readonly bool[] Plain = Enumerable.Range(0, 128)
        .Select(c => c >= 0x20 && c < 0x7f && Protobuf.Format(new StringValue { Value = ((char)c).ToString() }) == $"\"{(char)c}\"")
        .ToArray();

    [ThreadStatic]
    private static StringBuilder? _text;

    public static string Format(ProductChanged evt)
    {
        var text = _text ??= new StringBuilder(1024);
        text.Clear();
        var fields = new Fields(text);
        fields.String("product_id", evt.ProductId);
        fields.Int64("version", evt.Version);
        fields.String("source_system", evt.SourceSystem);
        fields.Bool("active", evt.Active);
        if (fields.List("variants", evt.Variants.Count))
        {
            for (var i = 0; i < evt.Variants.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                Variant(text, evt.Variants[i]);
            }

            text.Append(" ]");
        }

        if (evt.OccurredAt is { } occurredAt)
        {
            fields.Name("occurred_at");
            text.Append(Protobuf.Format(occurredAt));
        }

        if (fields.List("changed_fields", evt.ChangedFields.Count))
        {
            for (var i = 0; i < evt.ChangedFields.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                String(text, evt.ChangedFields[i]);
            }

            text.Append(" ]");
        }

        fields.Bool("created", evt.Created);
        fields.End();
        return text.ToString();
    }

    private static void Variant(StringBuilder text, VariantSnapshot variant)
    {
        var fields = new Fields(text);
        fields.String("sku", variant.Sku);
        fields.Bool("active", variant.Active);
        if (variant.UnitCost is { } cost)
        {
            fields.Name("unit_cost");
            Money(text, cost);
        }

        fields.String("tax_class", variant.TaxClass);
        fields.String("gl_category", variant.GlCategory);
        fields.String("barcode", variant.Barcode);
        fields.Int64("weight_grams", variant.WeightGrams);
        if (fields.List("list_prices", variant.ListPrices.Count))
        {
            for (var i = 0; i < variant.ListPrices.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                Money(text, variant.ListPrices[i]);
            }

            text.Append(" ]");
        }

        if (fields.List("external_ids", variant.ExternalIds.Count))
        {
            for (var i = 0; i < variant.ExternalIds.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                var id = variant.ExternalIds[i];
                var reference = new Fields(text);
                reference.String("channel", id.Channel);
                reference.String("kind", id.Kind);
                reference.String("value", id.Value);
                reference.End();
            }

            text.Append(" ]");
        }

        fields.End();
    }

    private static void Money(StringBuilder text, Money money)
    {
        var fields = new Fields(text);
        fields.String("currency_code", money.CurrencyCode);
        fields.Int64("units", money.Units);
        if (money.Nanos != 0)
        {
            fields.Name("nanos");
            text.Append(money.Nanos.ToString(CultureInfo.InvariantCulture));
        }

        fields.End();
    }

    private static void String(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c >= 128 || !Plain[c])
            {
                text.Append(Protobuf.Format(new StringValue { Value = value }));
                return;
            }
        }

        text.Append('"').Append(value).Append('"');
    }

    /// <summary>One JSON object as protobuf writes it: <c>{ "a": 1, "b": "x" }</c>, fields at their default value left out, <c>{ }</c> when empty.</summary>
    private ref struct Fields(StringBuilder text)
    {
        private bool _any;

        public void Name(string name)
        {
            text.Append(_any ? ", \"" : "{ \"").Append(name).Append("\": ");
            _any = true;
        }

        public void String(string name, string value)
        {
            if (value.Length > 0)
            {
                Name(name);
                ProductChangedJson.String(text, value);
            }
        }

        public void Int64(string name, long value)
        {
            if (value != 0)
            {
                Name(name);
                text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
            }
        }

        public void Bool(string name, bool value)
        {
            if (value)
            {
                Name(name);
                text.Append("true");
            }
        }

        /// <summary>Opens a non-empty list (the caller writes the items and the closing bracket).</summary>
        public bool List(string name, int count)
        {
            if (count == 0)
            {
                return false;
            }

            Name(name);
            text.Append("[ ");
            return true;
        }

        public readonly void End() => text.Append(_any ? " }" : "{ }");
    }
}
