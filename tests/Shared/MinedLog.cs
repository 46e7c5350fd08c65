using ChainTrader.Core;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.TestSupport;

/// <summary>A mined log built by hand, shaped as the checked logs the RPC calls return (topics as lower-case hex strings).</summary>
public static class MinedLog
{
    public static FilterLog Of(string address, IEnumerable<string> topics, byte[] data, ulong block = 1, string? blockHash = null,
        string? transactionHash = null, ulong index = 0) => new()
    {
        Address = address,
        Topics = topics.Cast<object>().ToArray(),
        Data = Hex.Encode(data),
        BlockNumber = new HexBigInteger(block),
        BlockHash = blockHash ?? "0x" + new string('b', 64),
        TransactionHash = transactionHash ?? "0x" + new string('7', 64),
        TransactionIndex = new HexBigInteger(0),
        LogIndex = new HexBigInteger(index),
    };
}
