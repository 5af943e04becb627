using YamlDotNet.RepresentationModel;

namespace Integration.Deploy.Tests;

/// <summary>The manifests deploy what the code is: every service, under its own names and settings.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> ServiceNames() => [.. Repo.Services().Select(s => s.Name)];

    [Fact]
    public void Every_service_in_the_code_is_deployed_and_nothing_else()
    {
        var services = Repo.Services().Select(s => s.Name).ToList();
        Assert.Equal(5, services.Count);
        var kustomization = Repo.Documents(Path.Combine("base", "kustomization.yaml"))[0];
        var resources = ((YamlSequenceNode)kustomization.At("resources")).Children.Select(n => ((YamlScalarNode)n).Value).ToList();
        var deployed = resources.Where(r => r!.EndsWith(".yaml", StringComparison.Ordinal) && r is not "namespace.yaml" and not "settings.yaml")
            .Select(r => Path.GetFileNameWithoutExtension(r!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(services, deployed);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_runs_under_its_messaging_name_with_its_own_database(string name)
    {
        var service = Repo.Services().Single(s => s.Name == name);
        var deployment = Repo.Single(Path.Combine("base", $"{name}.yaml"), "Deployment");
        var annotations = (YamlMappingNode)deployment.At("spec", "template", "metadata", "annotations");

        // The Dapr app id is the name the service subscribes and publishes under (its dead-letter topic is named by it).
        Assert.Equal(name, annotations.Str("dapr.io/app-id"));
        Assert.Equal("true", annotations.Str("dapr.io/enabled"));
        var container = Assert.Single(deployment.Items("spec", "template", "spec", "containers"));
        var env = container.Items("env").ToDictionary(e => e.Str("name")!, e => e);
        var connection = Assert.Contains($"ConnectionStrings__{service.Database}", env);
        Assert.Equal(service.Database, connection.At("valueFrom", "secretKeyRef").Str("key"));

        // The app port Dapr calls is the HTTP/1.1 endpoint the settings give Kestrel.
        var settings = Settings();
        var httpPort = new Uri(settings["Kestrel__Endpoints__http__Url"].Replace("+", "localhost", StringComparison.Ordinal)).Port;
        Assert.Equal(httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations.Str("dapr.io/app-port"));
        var ports = container.Items("ports").ToDictionary(p => p.Str("name")!, p => p.Str("containerPort"));
        Assert.Equal(httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["http"]);
        Assert.Equal(new Uri(settings["Kestrel__Endpoints__grpc__Url"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["grpc"]);

        // Probes hit the endpoints the service maps.
        Assert.Equal("/alive", container.At("livenessProbe", "httpGet").Str("path"));
        Assert.Equal("/health", container.At("readinessProbe", "httpGet").Str("path"));
    }

    [Fact]
    public void Service_discovery_names_every_grpc_peer_by_its_kubernetes_service()
    {
        var settings = Settings();
        foreach (var service in Repo.Services().Where(s => s.Name != "connectors"))
        {
            var address = new Uri(Assert.Contains($"services__{service.Name}__grpc__0", settings));
            Assert.Equal(service.Name, address.Host);
            var kubernetesService = Repo.Single(Path.Combine("base", $"{service.Name}.yaml"), "Service");
            Assert.Contains(kubernetesService.Items("spec", "ports"), p => p.Str("name") == "grpc" && p.Str("port") == address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_pubsub_component_and_tracing_configuration_the_services_name_exist_and_are_scoped_to_them()
    {
        var component = Repo.Single(Path.Combine("dapr", "pubsub.yaml"), "Component");
        Assert.Equal(Settings()["Messaging__PubSubName"], component.At("metadata").Str("name"));
        var scopes = ((YamlSequenceNode)component.At("scopes")).Children.Select(n => ((YamlScalarNode)n).Value).Order(StringComparer.Ordinal);
        Assert.Equal(Repo.Services().Select(s => s.Name), scopes);

        var tracing = Repo.Single(Path.Combine("dapr", "tracing.yaml"), "Configuration");
        foreach (var service in Repo.Services())
        {
            var annotations = (YamlMappingNode)Repo.Single(Path.Combine("base", $"{service.Name}.yaml"), "Deployment").At("spec", "template", "metadata", "annotations");
            Assert.Equal(tracing.At("metadata").Str("name"), annotations.Str("dapr.io/config"));
        }
    }

    private static Dictionary<string, string> Settings() =>
        ((YamlMappingNode)Repo.Single(Path.Combine("base", "settings.yaml"), "ConfigMap").At("data")).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!, StringComparer.Ordinal);
}
