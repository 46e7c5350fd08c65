using System.Globalization;

namespace ChainTrader.Bench;

/// <summary>A benchmark's <c>--name value</c> options.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchOptions()
    {
    }

    public static BenchOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Length)
                throw new ArgumentException($"Expected --name value pairs; got \"{args[i]}\".");
            options._values[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
