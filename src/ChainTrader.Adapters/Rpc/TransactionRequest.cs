using System.Numerics;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A transaction call object for eth_call and eth_estimateGas. Only the members that are set are sent.
/// Addresses are 0x-prefixed 20-byte hex strings.
/// </summary>
public sealed record TransactionRequest
{
    public string? From { get; init; }
    public string? To { get; init; }
    public byte[]? Data { get; init; }
    public BigInteger? Value { get; init; }
    public ulong? Gas { get; init; }
    public BigInteger? GasPrice { get; init; }
    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public ulong? Nonce { get; init; }
}
