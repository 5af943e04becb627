namespace Integration.Connectors.Webhooks;

/// <summary>
/// A stored delivery that cannot be turned into a call on the owning service (a field missing, a location not
/// mapped): permanent, so it goes to an operator as a MAPPING_FAILED exception instead of being retried.
/// </summary>
public sealed class MappingException(string message) : Exception(message);
