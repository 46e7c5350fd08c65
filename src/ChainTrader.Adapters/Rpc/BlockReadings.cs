using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A checked block's numbers as the project uses them. Nethereum keeps every quantity as a hex big integer; the calls in
/// <see cref="Eth"/> have made sure each of these fits in 64 bits before anyone reads it.
/// </summary>
public static class BlockReadings
{
    public static ulong Height(this Block block) => (ulong)block.Number.Value;

    public static DateTimeOffset Time(this Block block) => DateTimeOffset.FromUnixTimeSeconds(checked((long)(ulong)block.Timestamp.Value));
}
