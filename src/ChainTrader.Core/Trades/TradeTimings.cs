namespace ChainTrader.Core.Trades;

/// <summary>Timeouts and bounds of the lifecycle (configuration section <see cref="SectionName"/>).</summary>
public sealed record TradeTimings
{
    public const string SectionName = "Trades";

    /// <summary>How long a shown quote can be confirmed.</summary>
    public TimeSpan QuoteTtl { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// How long past a quote's expiry the trade waits before it expires on its own. A Confirm pressed in time is
    /// acknowledged at once, but its event can reach the trade later: a worker that dies holding it hides it for the
    /// Durable engine's message visibility timeout (20 s in both hosts). Presses made after the expiry are refused anyway.
    /// </summary>
    public TimeSpan PressArrivalGrace { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A trade not shown to the trader within this time of opening expires.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>A confirmed trade not re-priced and signed (or simulated) within this time fails.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>An unanswered request (risk check, re-price, signature, simulation) is re-issued after this.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Receipt and head polling cadence once submitted.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A transaction not mined this long after a node accepted it is replaced with bumped fees.</summary>
    public TimeSpan MineTimeout { get; init; } = TimeSpan.FromSeconds(90);
    public int MaxReplacements { get; init; } = 3;
    /// <summary>Fee bump per replacement on both maxFee and priority fee; nodes refuse less than 10 %.</summary>
    public int FeeBumpPercent { get; init; } = 10;
    /// <summary>The swap's on-chain deadline, counted from the chain head's time at re-pricing.</summary>
    public TimeSpan SwapDeadline { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How far the re-priced expected output may move from the shown quote.</summary>
    public int RepriceBoundBps { get; init; } = 50;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Positive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero) problems.Add($"{SectionName}:{name} must be positive (is {value}).");
        }
        Positive(nameof(QuoteTtl), QuoteTtl);
        if (PressArrivalGrace < TimeSpan.Zero) problems.Add($"{SectionName}:{nameof(PressArrivalGrace)} must not be negative (is {PressArrivalGrace}).");
        Positive(nameof(OpenTimeout), OpenTimeout);
        Positive(nameof(ConfirmTimeout), ConfirmTimeout);
        Positive(nameof(RetryAfter), RetryAfter);
        Positive(nameof(PollInterval), PollInterval);
        Positive(nameof(MineTimeout), MineTimeout);
        Positive(nameof(SwapDeadline), SwapDeadline);
        if (MaxReplacements < 0) problems.Add($"{SectionName}:{nameof(MaxReplacements)} must not be negative (is {MaxReplacements}).");
        if (FeeBumpPercent < 10) problems.Add($"{SectionName}:{nameof(FeeBumpPercent)} must be at least 10; nodes reject smaller replacement bumps (is {FeeBumpPercent}).");
        if (RepriceBoundBps is <= 0 or > 10_000) problems.Add($"{SectionName}:{nameof(RepriceBoundBps)} must be in (0, 10000] (is {RepriceBoundBps}).");
        return problems;
    }
}
