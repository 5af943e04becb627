using Integration.Catalog.Ownership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Integration.Catalog.Tests;

public sealed class RegistryConfigurationTests
{
    private static Dictionary<string, string?> Shipped()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        return shipped.AsEnumerable().Where(kv => kv.Key.StartsWith(OwnershipOptions.Section, StringComparison.Ordinal) && kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private static (OwnershipRegistry Registry, IConfigurationRoot Config) Start(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().Configure<OwnershipOptions>(config.GetSection(OwnershipOptions.Section)).BuildServiceProvider();
        return (new OwnershipRegistry(services.GetRequiredService<IOptionsMonitor<OwnershipOptions>>(), NullLogger<OwnershipRegistry>.Instance), config);
    }

    [Fact]
    public void The_shipped_registry_gives_erp_the_erp_fields_and_the_storefront_its_content()
    {
        var (registry, _) = Start(Shipped());

        foreach (var field in new[] { "sku", "unit_cost", "list_prices", "tax_class", "gl_category", "active", "barcode" })
        {
            Assert.Equal("erp", registry.For("variant", field).Owner);
        }

        foreach (var field in new[] { "title", "description", "seo_title", "seo_description", "media", "visibility" })
        {
            Assert.Equal("storefront", registry.For("product", field).Owner);
        }
    }

    [Fact]
    public void A_registry_with_a_missing_field_or_a_bad_policy_does_not_start_and_names_the_keys()
    {
        var settings = Shipped();
        settings.Remove("Catalog:Ownership:Variant:unit_cost:Owner");
        settings.Remove("Catalog:Ownership:Variant:unit_cost:Policy");
        settings["Catalog:Ownership:Product:title:Policy"] = "overwrite";
        settings["Catalog:Ownership:Product:colour:Owner"] = "erp";

        var error = Assert.Throws<OptionsValidationException>(() => Start(settings));

        Assert.Contains(error.Failures, f => f.Contains("Variant:unit_cost is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Product:title:Policy 'overwrite'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Product:colour is not a field", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reload_takes_effect_and_an_invalid_reload_keeps_the_previous_registry()
    {
        var (registry, config) = Start(Shipped());

        config["Catalog:Ownership:Variant:weight_grams:Owner"] = "wms";
        config.Reload();
        Assert.Equal("wms", registry.For("variant", "weight_grams").Owner);

        config["Catalog:Ownership:Variant:weight_grams:Policy"] = "sometimes";
        config.Reload();
        Assert.Equal(("wms", ConflictPolicy.Reject), (registry.For("variant", "weight_grams").Owner, registry.For("variant", "weight_grams").Policy));
    }
}
