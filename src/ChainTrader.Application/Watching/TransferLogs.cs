using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI;
using ChainTrader.Core.Watching;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Watching;

/// <summary>ERC-20 Transfer logs for the watcher: the eth_getLogs topics to ask for, and a decoder that never throws on strangers' logs.</summary>
public static class TransferLogs
{
    /// <summary>The Transfer event's topic 0, lower-case hex as nodes return it.</summary>
    public static string TransferTopic { get; } = Erc20.TransferEvent.Topic0Hex();

    /// <summary>An address as a 32-byte indexed topic, for topic filters on Transfer's from (position 1) or to (position 2).</summary>
    public static string AddressTopic(Address address) => Hex.Encode(new AddressType().Encode(address.ToLowerHex()));

    /// <summary>
    /// The ERC-20 transfer a log records, or null when it is not one: not a Transfer, an ERC-721 Transfer (its token id is a
    /// fourth topic), or malformed (anyone can emit a log with Transfer's topic; one bad log must not stop a scan).
    /// </summary>
    public static ObservedTransfer? TryDecode(FilterLog log)
    {
        try
        {
            return Erc20.Transfers([log]) is [var transfer]
                ? new ObservedTransfer(log.TransactionHash, new BlockRef(log.Height(), log.BlockHash), transfer.Token, transfer.From, transfer.To, transfer.Value)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
