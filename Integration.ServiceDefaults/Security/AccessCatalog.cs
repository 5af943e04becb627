using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;
using Integration.Contracts.Auth.V1;

namespace Integration.ServiceDefaults.Security;

/// <summary>
/// The scope each RPC requires, read once from the contracts: an RPC's <c>(integration.auth.v1.access)</c> option
/// gives the level, its package the service (<c>integration.order.v1</c> → <c>order.write</c>). The messaging
/// AdminService, hosted by every service, takes the hosting service's name. An RPC without the option is ADMIN.
/// </summary>
public sealed class AccessCatalog
{
    private readonly FrozenDictionary<string, string> _scopes;

    public AccessCatalog(string hostingService)
    {
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in ContractFiles())
        {
            foreach (var service in file.Services)
            {
                var owner = file.Package.Split('.') is [_, var name, ..] && name != "admin" ? name : hostingService;
                foreach (var method in service.Methods)
                {
                    scopes[$"/{service.FullName}/{method.Name}"] = $"{owner}.{Level(method)}";
                }
            }
        }

        _scopes = scopes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every RPC of the contracts with the scope it requires.</summary>
    public IReadOnlyDictionary<string, string> Scopes => _scopes;

    /// <summary>The scope a gRPC method (<c>/package.Service/Method</c>) requires, or null when it is not one of ours.</summary>
    public string? ScopeFor(string fullMethodName) => _scopes.GetValueOrDefault(fullMethodName);

    public static string Level(MethodDescriptor method) =>
        (method.GetOptions()?.GetExtension(AccessExtensions.Access) ?? Access.Unspecified) switch
        {
            Access.Read => "read",
            Access.Write => "write",
            _ => "admin",
        };

    /// <summary>Every proto file compiled into the contracts assembly (each has a generated <c>*Reflection</c> class).</summary>
    public static IEnumerable<FileDescriptor> ContractFiles() =>
        typeof(AccessExtensions).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package.StartsWith("integration.", StringComparison.Ordinal));
}
