namespace ChainTrader.Application.Oracles;

/// <summary>How one chain's read went: answered by which endpoint in how long, or why it failed.</summary>
public sealed record ChainRead(string Chain, bool Succeeded, string? Endpoint, ulong? Block, TimeSpan Elapsed, int Calls, string? Error);
