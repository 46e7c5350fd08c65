using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Watching;

namespace ChainTrader.UnitTests.Watching;

public sealed class WatchMessageFormattingTests
{
    [Theory]
    [InlineData("1500000", 6, "1.5")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("12345000000000000000000", 18, "12,345")]
    [InlineData("0", 18, "0")]
    [InlineData("1234567", 0, "1,234,567")]
    [InlineData("-2500000", 6, "-2.5")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", 18,
        "115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007913129639935")]
    public void Token_amounts_are_exact_human_units(string units, int decimals, string expected) =>
        Assert.Equal(expected, TokenAmount.Format(BigInteger.Parse(units), decimals));

    [Fact]
    public void Transfers_name_the_users_side_by_label_and_escape_everything()
    {
        var mine = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var other = Address.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        var token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        var unknownToken = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
        var block = new BlockRef(1, "0x" + new string('1', 64));
        var names = new Dictionary<Address, string?> { [mine] = "<savings>" };
        var tokens = new Dictionary<Address, TokenInfo> { [token] = new("U&D", 6) };
        var text = WatchMessages.DescribeTransfers(
        [
            new ObservedTransfer("0x1", block, null, mine, token, 0),
            new ObservedTransfer("0x1", block, token, mine, other, 2_500_000),
            new ObservedTransfer("0x1", block, unknownToken, other, mine, 42),
        ], names, tokens, "ETH");

        Assert.Equal(
            "<b>&lt;savings&gt;</b> (0x7099…79C8) sent 2.5 U&amp;D to 0x3C44…93BC\n" +
            "<b>&lt;savings&gt;</b> (0x7099…79C8) received 42 units of token <code>0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512</code> from 0x3C44…93BC",
            text);
        Assert.Equal("0x7099…79C8 called 0x5FbD…0aa3 (no ETH moved)",
            WatchMessages.DescribeTransfer(new ObservedTransfer("0x2", block, null, mine, token, 0), new Dictionary<Address, string?> { [mine] = null }, tokens, "ETH"));
    }

    [Fact]
    public void Links_go_to_the_chains_explorer_or_show_the_full_hash()
    {
        const string hash = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
        Assert.Equal($"Tx <a href=\"https://etherscan.io/tx/{hash}\">0x5c504ed4…2060</a>", WatchMessages.TxLink(hash, "https://etherscan.io/tx/"));
        Assert.Equal($"Tx <code>{hash}</code>", WatchMessages.TxLink(hash, null));
    }

    [Fact]
    public void A_busy_transaction_is_summarised()
    {
        var mine = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var block = new BlockRef(1, "0x" + new string('1', 64));
        var transfers = Enumerable.Range(1, 20).Select(i => new ObservedTransfer("0x1", block, null, mine, mine, i)).ToList();
        var lines = WatchMessages.DescribeTransfers(transfers, new Dictionary<Address, string?> { [mine] = null }, new Dictionary<Address, TokenInfo>(), "ETH").Split('\n');
        Assert.Equal(WatchMessages.MaxTransferLines, lines.Length);
        Assert.Equal("… and 13 more transfers", lines[^1]);
    }
}
