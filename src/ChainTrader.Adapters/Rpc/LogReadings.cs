using ChainTrader.Core;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A checked log's parts as the project uses them: the calls in <see cref="Eth"/> have turned its topics into lower-case
/// hex strings and made sure its numbers fit in 64 bits. A log built by hand must hold its topics as strings too.
/// </summary>
public static class LogReadings
{
    public static int TopicCount(this FilterLog log) => log.Topics?.Length ?? 0;

    public static string Topic(this FilterLog log, int index) => (string)log.Topics[index];

    public static byte[] DataBytes(this FilterLog log) => Hex.Decode(log.Data);

    public static ulong Height(this FilterLog log) => (ulong)log.BlockNumber.Value;

    /// <summary>The log's position in its block.</summary>
    public static ulong Index(this FilterLog log) => (ulong)log.LogIndex.Value;
}
