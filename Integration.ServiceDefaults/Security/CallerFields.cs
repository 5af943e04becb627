using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Contracts.Auth.V1;

namespace Integration.ServiceDefaults.Security;

/// <summary>
/// Where a request names its caller: the fields marked <c>(integration.auth.v1.caller)</c>, directly or inside nested
/// request messages (ImportProducts carries an UpsertProductRequest per row). Found once per message type.
/// </summary>
public static class CallerFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Plan?> Plans = new();

    /// <summary>Every caller field of <paramref name="descriptor"/> and the messages inside it, by path.</summary>
    public static IReadOnlyList<(string Path, CallerField Kind)> Describe(MessageDescriptor descriptor)
    {
        var found = new List<(string, CallerField)>();
        Walk(PlanFor(descriptor), string.Empty, found);
        return found;

        static void Walk(Plan? plan, string prefix, List<(string, CallerField)> found)
        {
            if (plan is null)
            {
                return;
            }

            found.AddRange(plan.Own.Select(o => (prefix + o.Field.Name, o.Kind)));
            foreach (var (field, nested) in plan.Nested)
            {
                Walk(nested, prefix + field.Name + ".", found);
            }
        }
    }

    /// <summary>
    /// Checks and fills every caller field of <paramref name="message"/> from the verified caller.
    /// Returns null when it may go on, or the reason it is refused.
    /// </summary>
    public static string? Apply(IMessage message, VerifiedCaller caller) => Apply(PlanFor(message.Descriptor), message, caller);

    private static string? Apply(Plan? plan, IMessage message, VerifiedCaller caller)
    {
        if (plan is null)
        {
            return null;
        }

        foreach (var (field, kind) in plan.Own)
        {
            var claimed = (string)field.Accessor.GetValue(message);
            var (actual, refusal) = kind == CallerField.System
                ? (caller.System, caller.System is null
                    ? $"caller '{caller.ClientId}' is not registered as a source system (Auth:Systems:{caller.ClientId}), so it may not write as one"
                    : null)
                : (caller.Subject, null);
            if (refusal is not null)
            {
                return refusal;
            }

            if (claimed.Length == 0)
            {
                field.Accessor.SetValue(message, actual!);
            }
            else if (!string.Equals(claimed, actual, StringComparison.Ordinal))
            {
                return $"{field.Name} '{claimed}' is not the authenticated caller ('{actual}'): leave it empty or send the token's own";
            }
        }

        foreach (var (field, nested) in plan.Nested)
        {
            var value = field.Accessor.GetValue(message);
            var items = field.IsRepeated ? ((IEnumerable)value).Cast<IMessage>() : value is IMessage one ? [one] : [];
            foreach (var item in items)
            {
                if (Apply(nested, item, caller) is { } refusal)
                {
                    return refusal;
                }
            }
        }

        return null;
    }

    private static Plan? PlanFor(MessageDescriptor descriptor) =>
        Plans.GetOrAdd(descriptor, d => Build(d, []));

    private static Plan? Build(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        if (!visiting.Add(descriptor))
        {
            return null;
        }

        var own = new List<(FieldDescriptor, CallerField)>();
        var nested = new List<(FieldDescriptor, Plan)>();
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var kind = field.GetOptions()?.GetExtension(AccessExtensions.Caller) ?? CallerField.Unspecified;
            if (kind != CallerField.Unspecified && field.FieldType == FieldType.String && !field.IsRepeated)
            {
                own.Add((field, kind));
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && Build(field.MessageType, visiting) is { } inner)
            {
                nested.Add((field, inner));
            }
        }

        visiting.Remove(descriptor);
        return own.Count == 0 && nested.Count == 0 ? null : new Plan(own, nested);
    }

    private sealed record Plan(List<(FieldDescriptor Field, CallerField Kind)> Own, List<(FieldDescriptor Field, Plan Nested)> Nested);
}

/// <summary>The caller as its token proves it: the subject, the OAuth client and the source system configured for that client.</summary>
public sealed record VerifiedCaller(string Subject, string ClientId, string? System);
