using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Contracts.Admin.V1;
using Integration.Contracts.Auth.V1;
using Integration.Contracts.Catalog.V1;
using Integration.ServiceDefaults.Security;

namespace Integration.Contracts.Tests;

/// <summary>
/// Request fields that name the caller are declared as such, so that with authentication on the verified token
/// decides them; a new RPC with an undeclared "actor" would let callers write any name into an audit trail.
/// </summary>
public sealed class CallerFieldTests
{
    private static readonly string[] CallerNames = ["actor", "requested_by", "source_system", "resolved_by", "changed_by", "operator"];

    [Fact]
    public void Every_request_field_naming_the_caller_is_declared()
    {
        var inputs = AccessCatalog.ContractFiles().SelectMany(f => f.Services).SelectMany(s => s.Methods)
            .Select(m => m.InputType).Distinct().ToList();
        var undeclared = inputs
            .SelectMany(input => Strings(input, input.Name + ".", []))
            .Where(f => CallerNames.Contains(f.Field.Name) && Kind(f.Field) == CallerField.Unspecified)
            .Select(f => f.Path).Distinct().ToList();

        Assert.NotEmpty(inputs);
        Assert.Empty(undeclared);
    }

    [Fact]
    public void Declared_fields_are_found_also_inside_nested_request_messages()
    {
        Assert.Equal([("source_system", CallerField.System)], CallerFields.Describe(UpsertProductRequest.Descriptor));
        Assert.Equal([("upsert.source_system", CallerField.System)], CallerFields.Describe(ImportProductsRequest.Descriptor));
        Assert.Equal([("actor", CallerField.Actor)], CallerFields.Describe(ReplayDeadLettersRequest.Descriptor));
        Assert.Empty(CallerFields.Describe(GetProductRequest.Descriptor));
    }

    [Fact]
    public void An_empty_caller_field_is_filled_from_the_token_and_a_foreign_one_refused()
    {
        var erp = new VerifiedCaller("svc-erp", "erp-sync", "erp");

        var empty = new ImportProductsRequest { Upsert = new UpsertProductRequest() };
        var own = new UpsertProductRequest { SourceSystem = "erp" };
        var forged = new ImportProductsRequest { Upsert = new UpsertProductRequest { SourceSystem = "storefront" } };

        Assert.Null(CallerFields.Apply(empty, erp));
        Assert.Equal("erp", empty.Upsert.SourceSystem);
        Assert.Null(CallerFields.Apply(own, erp));
        Assert.Contains("source_system 'storefront' is not the authenticated caller ('erp')", CallerFields.Apply(forged, erp));
        Assert.Equal("storefront", forged.Upsert.SourceSystem);
    }

    [Fact]
    public void A_client_without_a_configured_system_may_not_write_as_any()
    {
        var unmapped = new VerifiedCaller("svc-x", "unknown-client", System: null);
        var request = new UpsertProductRequest { SourceSystem = "erp" };

        Assert.Contains("'unknown-client' is not registered as a source system", CallerFields.Apply(request, unmapped));
        Assert.Contains("'unknown-client' is not registered", CallerFields.Apply(new UpsertProductRequest(), unmapped));
    }

    [Fact]
    public void An_actor_is_the_tokens_subject()
    {
        var ops = new VerifiedCaller("alice@ops", "ops-console", System: null);
        var empty = new ReplayDeadLettersRequest { DeadLetterIds = { "1" }, Reason = "fixed" };
        var forged = new DiscardDeadLetterRequest { DeadLetterId = "1", Actor = "bob@ops", Reason = "x" };

        Assert.Null(CallerFields.Apply(empty, ops));
        Assert.Equal("alice@ops", empty.Actor);
        Assert.NotNull(CallerFields.Apply(forged, ops));
    }

    private static CallerField Kind(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(AccessExtensions.Caller) ?? CallerField.Unspecified;

    private static IEnumerable<(string Path, FieldDescriptor Field)> Strings(MessageDescriptor message, string prefix, HashSet<MessageDescriptor> seen)
    {
        if (!seen.Add(message))
        {
            yield break;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.String)
            {
                yield return (prefix + field.Name, field);
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                foreach (var inner in Strings(field.MessageType, prefix + field.Name + ".", seen))
                {
                    yield return inner;
                }
            }
        }
    }
}
