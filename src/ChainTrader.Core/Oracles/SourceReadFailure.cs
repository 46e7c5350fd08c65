namespace ChainTrader.Core.Oracles;

/// <summary>A configured source that could not be read at all (RPC error, HTTP failure, garbage answer).</summary>
public sealed record SourceReadFailure(string Source, string Reason);
