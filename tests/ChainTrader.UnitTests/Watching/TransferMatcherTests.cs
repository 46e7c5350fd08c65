using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Watching;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.UnitTests.Watching;

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
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", TransferLogs.TransferTopic);
        Assert.Equal("0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8", TransferLogs.AddressTopic(Watched));
    }

    [Fact]
    public void Finds_transactions_and_token_transfers_from_or_to_watched_addresses_grouped_per_transaction_in_block_order()
    {
        var txs = new[]
        {
            new ScannedTransaction("0x01", Block, Other, Watched, 5),
            new ScannedTransaction("0x02", Block, Other, Token, 0),      // a token call by someone else...
            new ScannedTransaction("0x03", Block, Other, Other, 9),      // ...and an unrelated transfer
            new ScannedTransaction("0x04", Block, Watched, null, 0),     // a contract deployment by the watched address
        };
        var tokenTransfers = new[]
        {
            TransferLogs.TryDecode(TransferLog("0x02", 3, Other, Watched, 1_500_000))!,
            TransferLogs.TryDecode(TransferLog("0x03", 4, Other, Other, 1))!,
        };
        var matches = TransferMatcher.Match(txs, tokenTransfers, new HashSet<Address> { Watched });

        Assert.Equal(["0x01", "0x02", "0x04"], matches.Select(m => m.Hash));
        var token = Assert.Single(matches[1].Transfers);
        Assert.Equal(Token, token.Token);
        Assert.Equal((Other, Watched, new BigInteger(1_500_000)), (token.From, token.To!.Value, token.Units));
        Assert.Equal(Block, token.Block);
        Assert.True(matches[0].Transfers.Single().IsNative);
        Assert.Null(matches[2].Transfers.Single().To);
    }

    [Fact]
    public void Logs_that_are_not_erc20_transfers_are_skipped_not_fatal()
    {
        var erc721 = TransferLog("0x05", 1, Other, Watched, 0);
        erc721.Topics = [TransferLogs.TransferTopic, TransferLogs.AddressTopic(Other), TransferLogs.AddressTopic(Watched), "0x" + new string('0', 63) + "1"];
        erc721.Data = "0x";
        var dirtyTopic = TransferLog("0x06", 2, Other, Watched, 1);
        dirtyTopic.Topics = [TransferLogs.TransferTopic, "0x" + new string('f', 64), TransferLogs.AddressTopic(Watched)];
        var shortData = TransferLog("0x07", 3, Other, Watched, 1);
        shortData.Data = "0x010203";
        var approval = TransferLog("0x08", 4, Other, Watched, 1);
        approval.Topics = ["0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", TransferLogs.AddressTopic(Other), TransferLogs.AddressTopic(Watched)];
        Assert.All(new[] { erc721, dirtyTopic, shortData, approval }, log => Assert.Null(TransferLogs.TryDecode(log)));
    }

    private static FilterLog TransferLog(string tx, ulong index, Address from, Address to, BigInteger value)
    {
        var data = new byte[32];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(data, 32 - bytes.Length);
        return MinedLog.Of(Token.ToLowerHex(), [TransferLogs.TransferTopic, TransferLogs.AddressTopic(from), TransferLogs.AddressTopic(to)], data,
            Block.Number, Block.Hash, tx, index);
    }
}
