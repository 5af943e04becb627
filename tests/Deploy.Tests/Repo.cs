using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Integration.Deploy.Tests;

/// <summary>The repository's files as the tests read them: services from their Program.cs, manifests as YAML.</summary>
internal static partial class Repo
{
    public static readonly string Root = FindRoot();

    public static string K8s => Path.Combine(Root, "deploy", "k8s");

    /// <summary>Every service: its folder name, messaging name (the Dapr app id) and database connection name.</summary>
    public static IReadOnlyList<Service> Services() =>
        Directory.GetFiles(Path.Combine(Root, "src"), "Program.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => File.ReadAllText(p))
            .Select(code => new Service(
                MessagingName().Match(code).Groups[1].Value,
                DatabaseName().Match(code).Groups[1].Value))
            .Where(s => s.Name.Length > 0)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every YAML document of a manifest file.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(K8s, relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static YamlMappingNode Single(string relativePath, string kind) =>
        Assert.Single(Documents(relativePath), d => d.Str("kind") == kind);

    public static string? Str(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    public static IEnumerable<YamlMappingNode> Items(this YamlNode node, params string[] path) =>
        ((YamlSequenceNode)node.At(path)).Children.Cast<YamlMappingNode>();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Integration.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Integration.sln not found above the test binaries");
    }

    [GeneratedRegex("""AddMessaging<\w+>\("([a-z]+)"\)""")]
    private static partial Regex MessagingName();

    [GeneratedRegex("""AddServiceDatabase<\w+>\("([a-z]+)",""")]
    private static partial Regex DatabaseName();
}

internal sealed record Service(string Name, string Database);
