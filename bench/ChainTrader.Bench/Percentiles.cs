namespace ChainTrader.Bench;

/// <summary>Latency percentiles as the benchmarks report them.</summary>
public static class Percentiles
{
    /// <summary>The sample at or below which a share <paramref name="p"/> of the ascending <paramref name="sorted"/> samples lie (nearest rank).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
