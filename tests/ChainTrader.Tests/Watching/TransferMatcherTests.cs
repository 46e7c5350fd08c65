using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Watching;

namespace ChainTrader.Tests.Watching;

public sealed class TransferMatcherTests
{
    private static readonly Address Watched = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly Address Other = Address.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    private static readonly Address Token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly BlockRef Block = new(7, "0x" + new string('7', 64));

    [Fact]
    public void Transfer_topic_and_address_topics_are_the_published_values()
    {
        // keccak256("Transfer(address,address,uint256)"), as every ERC-20 explorer shows it.
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", TransferMatcher.TransferTopic);
        Assert.Equal("0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8", TransferMatcher.AddressTopic(Watched));
    }

    [Fact]
    public void Finds_transactions_and_token_transfers_from_or_to_watched_addresses_grouped_per_transaction()
    {
        var txs = new[]
        {
            new ScannedTransaction("0x01", Block, Other, Watched, 5),
            new ScannedTransaction("0x02", Block, Other, Token, 0),      // a token call by someone else...
            new ScannedTransaction("0x03", Block, Other, Other, 9),      // ...and an unrelated transfer
            new ScannedTransaction("0x04", Block, Watched, null, 0),     // a contract deployment by the watched address
        };
        var logs = new[]
        {
            TransferLog("0x02", 3, Other, Watched, 1_500_000),
            TransferLog("0x03", 4, Other, Other, 1),
        };
        var matches = TransferMatcher.Match(txs, logs, new HashSet<Address> { Watched });

        Assert.Equal(["0x01", "0x02", "0x04"], matches.Select(m => m.Hash));
        var token = Assert.Single(matches[1].Transfers);
        Assert.Equal(Token, token.Token);
        Assert.Equal((Other, Watched, new BigInteger(1_500_000)), (token.From, token.To!.Value, token.Units));
        Assert.True(matches[0].Transfers.Single().IsNative);
        Assert.Null(matches[2].Transfers.Single().To);
    }

    [Fact]
    public void Skips_logs_that_are_not_erc20_transfers()
    {
        var erc721 = TransferLog("0x05", 1, Other, Watched, 0) with
        {
            Topics = [TransferMatcher.TransferTopic, TransferMatcher.AddressTopic(Other), TransferMatcher.AddressTopic(Watched), "0x" + new string('0', 63) + "1"],
            Data = [],
        };
        var dirtyTopic = TransferLog("0x06", 2, Other, Watched, 1) with
        {
            Topics = [TransferMatcher.TransferTopic, "0x" + new string('f', 64), TransferMatcher.AddressTopic(Watched)],
        };
        Assert.Null(TransferMatcher.TryDecodeTransfer(erc721));
        Assert.Null(TransferMatcher.TryDecodeTransfer(dirtyTopic));
        Assert.Empty(TransferMatcher.Match([], [erc721, dirtyTopic], new HashSet<Address> { Watched }));
    }

    private static ScannedLog TransferLog(string tx, ulong index, Address from, Address to, BigInteger value)
    {
        var data = new byte[32];
        value.TryWriteBytes(data, out var written, isUnsigned: true, isBigEndian: true);
        Array.Copy(data, 0, data, 32 - written, written);
        Array.Clear(data, 0, 32 - written);
        return new ScannedLog(tx, Block, index, Token, [TransferMatcher.TransferTopic, TransferMatcher.AddressTopic(from), TransferMatcher.AddressTopic(to)], data);
    }
}
