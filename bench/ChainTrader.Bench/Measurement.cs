using System.Diagnostics;

namespace ChainTrader.Bench;

/// <summary>Operations per second over several timed rounds after a warm-up; the median resists noise from neighbours on a shared machine.</summary>
internal sealed record Measurement(string Name, IReadOnlyList<double> RoundsPerSecond)
{
    public double Median => Percentile(0.5);
    public double Min => RoundsPerSecond.Min();
    public double Max => RoundsPerSecond.Max();

    /// <summary>(max − min) / median: how far apart the rounds were.</summary>
    public double Spread => (Max - Min) / Median;

    public double MicrosecondsPerOperation => 1_000_000 / Median;

    public static Measurement Run(string name, Func<int> operation, TimeSpan warmUp, TimeSpan round, int rounds)
    {
        var sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < warmUp) sink += operation();

        var results = new List<double>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            var operations = 0;
            clock.Restart();
            while (clock.Elapsed < round)
            {
                sink += operation();
                operations++;
            }
            results.Add(operations / clock.Elapsed.TotalSeconds);
        }
        // The sink keeps the JIT from discarding the work; it is never zero for real operations.
        if (sink == 0) throw new InvalidOperationException($"{name}: the operation produced no output.");
        return new Measurement(name, results);
    }

    private double Percentile(double p)
    {
        var sorted = RoundsPerSecond.Order().ToArray();
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
