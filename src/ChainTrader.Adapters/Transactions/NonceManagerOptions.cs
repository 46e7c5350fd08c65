namespace ChainTrader.Adapters.Transactions;

public sealed class NonceManagerOptions
{
    /// <summary>A reservation with no signed transaction after this long is taken as abandoned (its worker died) and reused at resync.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often one operation re-reads and retries after losing an ETag race to another worker.</summary>
    public int MaxConflictRetries { get; set; } = 50;
}
