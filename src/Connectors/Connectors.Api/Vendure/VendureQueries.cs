namespace Integration.Connectors.Vendure;

/// <summary>The Admin API documents the connector sends (Vendure 3.7).</summary>
internal static class VendureQueries
{
    public const string Login = """
        mutation Login($username: String!, $password: String!) {
          login(username: $username, password: $password) {
            ... on CurrentUser { id }
            ... on ErrorResult { errorCode message }
          }
        }
        """;

    private const string OrderFields = """
        fragment OrderFields on Order {
          id code state active createdAt updatedAt orderPlacedAt currencyCode
          subTotal shipping total totalWithTax
          customer { id emailAddress }
          discounts { adjustmentSource type description amount amountWithTax }
          lines {
            id quantity orderPlacedQuantity unitPrice linePrice
            proratedLinePrice proratedLinePriceWithTax proratedUnitPrice proratedUnitPriceWithTax
            taxLines { description taxRate }
            productVariant { id sku name }
          }
          shippingLines { shippingMethod { code name } price priceWithTax discountedPrice discountedPriceWithTax }
          payments {
            id method amount state transactionId createdAt updatedAt
            refunds { id total state reason transactionId createdAt updatedAt lines { orderLineId quantity } }
          }
          fulfillments { id state method trackingCode createdAt updatedAt lines { orderLineId quantity } }
        }
        """;

    public const string Orders = """
        query Orders($options: OrderListOptions) {
          orders(options: $options) { totalItems items { ...OrderFields } }
        }
        """ + "\n" + OrderFields;

    public const string VariantsBySku = """
        query VariantsBySku($skus: [String!]!) {
          productVariants(options: { filter: { sku: { in: $skus } }, take: 100 }) {
            items { id sku stockOnHand stockAllocated outOfStockThreshold stockLevels { stockLocationId stockOnHand stockAllocated } }
          }
        }
        """;

    public const string VariantsById = """
        query VariantsById($ids: [String!]!) {
          productVariants(options: { filter: { id: { in: $ids } }, take: 100 }) {
            items { id sku stockOnHand stockAllocated outOfStockThreshold stockLevels { stockLocationId stockOnHand stockAllocated } }
          }
        }
        """;

    public const string UpdateStockLevels = """
        mutation UpdateStock($input: [UpdateProductVariantInput!]!) {
          updateProductVariants(input: $input) { id stockLevels { stockLocationId stockOnHand stockAllocated } }
        }
        """;
}
