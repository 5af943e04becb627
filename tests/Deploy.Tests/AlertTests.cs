using System.Text.RegularExpressions;

namespace Integration.Deploy.Tests;

/// <summary>An alert on a metric nobody emits never fires: every series the rules query is declared in the code.</summary>
public sealed partial class AlertTests
{
    [Fact]
    public void Every_metric_an_alert_queries_is_an_instrument_in_the_code_under_its_exported_name()
    {
        var instruments = Instruments();
        var rules = Repo.Single(Path.Combine("monitoring", "alerts.yaml"), "PrometheusRule");
        var expressions = rules.Items("spec", "groups").SelectMany(g => g.Items("rules")).Select(r => r.Str("expr")!).ToList();
        Assert.NotEmpty(expressions);

        var queried = expressions.SelectMany(e => SeriesName().Matches(e).Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(queried);
        foreach (var series in queried)
        {
            Assert.True(instruments.Contains(series),
                $"alert queries {series}, but no instrument exports under that name; declared: {string.Join(", ", instruments.Order(StringComparer.Ordinal))}");
        }
    }

    /// <summary>
    /// The names Prometheus stores for the instruments declared in src/ (OTLP translation: dots to underscores,
    /// a unit of seconds appended as _seconds, counters suffixed _total; curly-brace units are annotations and dropped).
    /// </summary>
    private static HashSet<string> Instruments()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match match in Declaration().Matches(File.ReadAllText(file)))
            {
                var kind = match.Groups["kind"].Value;
                var rest = match.Groups["rest"].Value;
                var name = match.Groups["name"].Value.Replace('.', '_');
                if (rest.Contains("\"s\"", StringComparison.Ordinal))
                {
                    name += "_seconds";
                }

                if (kind is "Counter" or "ObservableCounter")
                {
                    name += "_total";
                }

                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("""Create(?<kind>Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)(<\w+>)?\(\s*"(?<name>integration\.[a-z_.]+)"(?<rest>[^;]*);""")]
    private static partial Regex Declaration();

    [GeneratedRegex("""integration_[a-z_]+""")]
    private static partial Regex SeriesName();
}
