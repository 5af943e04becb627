using Grpc.Core;
using Integration.Catalog.Ownership;
using Integration.Contracts.Catalog.V1;
using OwnershipRule = Integration.Contracts.Catalog.V1.OwnershipRule;

namespace Integration.Catalog.Products;

internal sealed partial class CatalogGrpcService
{
    public override Task<GetOwnershipRegistryResponse> GetOwnershipRegistry(GetOwnershipRegistryRequest request, ServerCallContext context)
    {
        var response = new GetOwnershipRegistryResponse();
        response.Rules.AddRange(registry.Rules.Select(r => new OwnershipRule
        {
            Entity = r.Entity, Field = r.Field, Owner = r.Owner, Policy = r.Policy == ConflictPolicy.Reject ? "reject" : "record",
        }));
        return Task.FromResult(response);
    }
}
