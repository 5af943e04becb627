namespace Integration.Connectors.Exceptions;

/// <summary>The kinds of connector exception the webhook side opens.</summary>
public static class ExceptionKinds
{
    /// <summary>A stored delivery whose payload could not be turned into a call (its raw body stays on the delivery).</summary>
    public const string MappingFailed = "MAPPING_FAILED";

    /// <summary>The owning service refused the mapped call for good (e.g. a fulfilment naming a line the order lacks).</summary>
    public const string Rejected = "REJECTED";

    /// <summary>The storefront reports a different available quantity than ours; we never write on hand from it.</summary>
    public const string StockDrift = "STOCK_DRIFT";
}
