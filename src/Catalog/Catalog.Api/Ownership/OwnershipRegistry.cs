using Integration.Catalog.Fields;
using Microsoft.Extensions.Options;

namespace Integration.Catalog.Ownership;

/// <summary>
/// The registry in force. Validated at start-up (an invalid one stops the service); on a configuration
/// reload a valid registry replaces the current one at once, an invalid one is logged and ignored, so a
/// typo in production never leaves fields without an owner.
/// </summary>
public sealed partial class OwnershipRegistry : IDisposable
{
    private readonly ILogger<OwnershipRegistry> _logger;
    private readonly IDisposable? _subscription;
    private volatile IReadOnlyDictionary<(string Entity, string Field), OwnershipRule> _rules;

    public OwnershipRegistry(IOptionsMonitor<OwnershipOptions> options, ILogger<OwnershipRegistry> logger)
    {
        _logger = logger;
        _rules = Build(options.CurrentValue, out var errors) ?? throw new OptionsValidationException(
            OwnershipOptions.Section, typeof(OwnershipOptions), errors);
        _subscription = options.OnChange(Reload);
    }

    public IEnumerable<OwnershipRule> Rules => _rules.Values.OrderBy(r => r.Entity, StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal);

    public OwnershipRule For(string entity, string field) => _rules[(entity, field)];

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Checks a configured registry: every governed field has exactly one valid rule, and nothing else is named.</summary>
    public static IReadOnlyDictionary<(string, string), OwnershipRule>? Build(OwnershipOptions options, out List<string> errors)
    {
        errors = [];
        var rules = new Dictionary<(string, string), OwnershipRule>();
        Add(rules, errors, FieldNames.ProductEntity, nameof(OwnershipOptions.Product), options.Product, FieldNames.ProductFields);
        Add(rules, errors, FieldNames.VariantEntity, nameof(OwnershipOptions.Variant), options.Variant, FieldNames.VariantFields);
        return errors.Count == 0 ? rules : null;
    }

    private static void Add(
        Dictionary<(string, string), OwnershipRule> rules, List<string> errors, string entity, string section,
        Dictionary<string, OwnershipRuleOptions> configured, IReadOnlyList<string> governed)
    {
        foreach (var field in governed.Where(f => !configured.ContainsKey(f)))
        {
            errors.Add($"{OwnershipOptions.Section}:{section}:{field} is missing: every field needs an owner");
        }

        foreach (var (field, rule) in configured)
        {
            var key = $"{OwnershipOptions.Section}:{section}:{field}";
            if (!governed.Contains(field))
            {
                errors.Add($"{key} is not a field of {entity} (known: {string.Join(", ", governed)})");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Owner))
            {
                errors.Add($"{key}:Owner is required");
                continue;
            }

            ConflictPolicy policy;
            switch (rule.Policy.Trim().ToLowerInvariant())
            {
                case "reject": policy = ConflictPolicy.Reject; break;
                case "record": policy = ConflictPolicy.Record; break;
                default:
                    errors.Add($"{key}:Policy '{rule.Policy}' must be 'reject' or 'record'");
                    continue;
            }

            rules[(entity, field)] = new OwnershipRule(entity, field, rule.Owner.Trim(), policy);
        }
    }

    private void Reload(OwnershipOptions options)
    {
        var rules = Build(options, out var errors);
        if (rules is null)
        {
            LogInvalidReload(_logger, string.Join("; ", errors));
            return;
        }

        _rules = rules;
        LogReloaded(_logger, rules.Count);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ownership registry change ignored, the previous registry stays in force: {Errors}")]
    private static partial void LogInvalidReload(ILogger logger, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ownership registry reloaded: {Count} rules")]
    private static partial void LogReloaded(ILogger logger, int count);
}
