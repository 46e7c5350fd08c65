namespace ChainTrader.Core.Chains;

/// <summary>What tells one chain from every other: its chain id and the hash of its genesis block (block 0).</summary>
public sealed record ChainIdentity(long ChainId, string GenesisHash);
