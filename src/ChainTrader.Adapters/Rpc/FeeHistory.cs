using System.Numerics;
using System.Text.Json;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// eth_feeHistory: base fees for the blocks from <see cref="OldestBlock"/> plus the next block (one more entry than
/// <see cref="GasUsedRatio"/>), and per block the priority fees at the requested percentiles.
/// </summary>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<decimal> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    internal static FeeHistory Read(JsonElement f)
    {
        var ratios = Array(Field(f, "gasUsedRatio"), "gasUsedRatio", (v, what) => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)
            ? d
            : throw new FormatException($"{what}: expected a number, got {v.GetRawText()}"));
        return new FeeHistory(
            Quantity(Field(f, "oldestBlock"), "oldestBlock"),
            Array(Field(f, "baseFeePerGas"), "baseFeePerGas", BigQuantity),
            ratios,
            OptionalField(f, "reward") is { } reward
                ? Array(reward, "reward", (row, what) => Array(row, what, BigQuantity))
                : []);
    }
}
