using System.Globalization;
using System.Text.RegularExpressions;

namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, for checking /metrics: every line (the last one
/// included) ends in \n; <c># HELP</c>/<c># TYPE</c> come once per metric, TYPE before its samples; a metric's samples
/// are contiguous; names and labels follow the grammar; values are floats, +Inf, -Inf or NaN; histograms have
/// increasing <c>le</c> buckets with cumulative counts, a <c>+Inf</c> bucket equal to <c>_count</c>, and a <c>_sum</c>.
/// Throws <see cref="FormatException"/> naming the line.
/// </summary>
public static partial class PrometheusText
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""\G([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)""")]
    private static partial Regex LabelPair();

    public static Dictionary<string, PrometheusFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n')) throw new FormatException("The exposition does not end with a line feed.");
        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        PrometheusFamily? current = null;
        var lines = text.Split('\n')[..^1];
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            FormatException Bad(string why) => new($"line {n + 1} \"{line}\": {why}");
            if (line.Length == 0) continue;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 4 || parts[1] is not ("HELP" or "TYPE")) continue; // other comments are allowed
                var family = Family(parts[2]);
                if (parts[1] == "HELP")
                {
                    if (family.Help is not null) throw Bad("second HELP");
                    families[family.Name] = family = family with { Help = parts[3] };
                }
                else
                {
                    if (family.Type != "untyped" || family.Samples.Count > 0) throw Bad("TYPE repeated or after samples");
                    if (parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped")) throw Bad("unknown type");
                    families[family.Name] = family = family with { Type = parts[3] };
                }
                Switch(family, Bad);
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success) throw Bad("not a sample line");
            var name = match.Groups[1].Value;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (match.Groups[2].Success && match.Groups[2].Value.Length > 0)
            {
                var labelText = match.Groups[2].Value;
                var at = 0;
                while (at < labelText.Length)
                {
                    var pair = LabelPair().Match(labelText, at);
                    if (!pair.Success) throw Bad("malformed labels");
                    if (!labels.TryAdd(pair.Groups[1].Value, pair.Groups[2].Value.Replace("\\n", "\n").Replace("\\\"", "\"").Replace("\\\\", "\\")))
                        throw Bad("duplicate label");
                    at += pair.Length;
                }
            }
            var value = match.Groups[3].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw Bad("value is not a float"),
            };
            var owner = families.Values.FirstOrDefault(f => f.Type == "histogram" && (name == f.Name + "_bucket" || name == f.Name + "_sum" || name == f.Name + "_count"))
                        ?? Family(name);
            Switch(owner, Bad);
            owner.Samples.Add(new PrometheusSample(name, labels, value));
        }
        foreach (var family in families.Values.Where(f => f.Type == "histogram")) CheckHistogram(family);
        return families;

        PrometheusFamily Family(string name)
        {
            if (!families.TryGetValue(name, out var family)) families[name] = family = new PrometheusFamily(name, "untyped", null, []);
            return family;
        }

        void Switch(PrometheusFamily family, Func<string, FormatException> bad)
        {
            if (current?.Name == family.Name) { current = family; return; }
            if (finished.Contains(family.Name)) throw bad("metric's lines are not contiguous");
            if (current is not null) finished.Add(current.Name);
            current = family;
        }
    }

    private static void CheckHistogram(PrometheusFamily family)
    {
        foreach (var series in family.Samples.GroupBy(s => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))))
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = series.SingleOrDefault(s => s.Name == family.Name + "_count") ?? throw new FormatException($"{family.Name}{{{series.Key}}}: no _count");
            _ = series.SingleOrDefault(s => s.Name == family.Name + "_sum") ?? throw new FormatException($"{family.Name}{{{series.Key}}}: no _sum");
            if (buckets.Count == 0 || buckets[^1].Labels["le"] != "+Inf") throw new FormatException($"{family.Name}{{{series.Key}}}: last bucket is not le=\"+Inf\"");
            for (var i = 1; i < buckets.Count; i++)
            {
                if (double.Parse(buckets[i].Labels["le"] == "+Inf" ? "Infinity" : buckets[i].Labels["le"], CultureInfo.InvariantCulture)
                    <= double.Parse(buckets[i - 1].Labels["le"], CultureInfo.InvariantCulture))
                    throw new FormatException($"{family.Name}{{{series.Key}}}: le bounds not increasing");
                if (buckets[i].Value < buckets[i - 1].Value) throw new FormatException($"{family.Name}{{{series.Key}}}: bucket counts not cumulative");
            }
            if (buckets[^1].Value != count.Value) throw new FormatException($"{family.Name}{{{series.Key}}}: +Inf bucket {buckets[^1].Value} != _count {count.Value}");
        }
    }
}
