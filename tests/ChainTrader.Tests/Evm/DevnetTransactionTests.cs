using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Tests.Infrastructure;
using Nethereum.Model;

namespace ChainTrader.Tests.Evm;

/// <summary>
/// Our signed transactions against a real node (Hardhat): it must accept all three types, attribute them to the
/// sender we recover, and move exactly the value (plus gas) we signed for. Balances are compared between the
/// transaction's block and the one before it (automine puts each transaction in its own block), so other tests
/// using the shared devnet cannot disturb the figures.
/// </summary>
[Collection(DevnetCollection.Name)]
public class DevnetTransactionTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task NodeAcceptsOurLegacyAccessListAndDynamicFeeTransfers()
    {
        var devnet = await LocalStack.DevnetAsync();
        var rpc = new JsonRpc(devnet.RpcUrl);
        var trader = PrivateKey.FromHex(devnet.Manifest.Account("trader").PrivateKey);
        var alice = Address.Parse(devnet.Manifest.Account("alice").Address);
        Assert.Equal(Address.Parse(devnet.Manifest.Account("trader").Address), trader.Address);
        var chainId = (ulong)await rpc.QuantityAsync("eth_chainId");
        Assert.Equal((ulong)devnet.Manifest.ChainId, chainId);

        var gasPrice = 2 * await rpc.QuantityAsync("eth_gasPrice");
        var baseFee = ParseQuantity((await rpc.CallAsync("eth_getBlockByNumber", "latest", false)).GetProperty("baseFeePerGas").GetString()!);
        var priorityFee = new BigInteger(1_000_000_000);
        var storageKey = new byte[32];
        storageKey[^1] = 1;

        var to = alice.ToLowerHex();
        (string Label, BigInteger Value, Func<ulong, SignedTransaction> Build)[] builders =
        [
            ("legacy", 1_000_000_000_000_001, nonce => new LegacyTransactionChainId(to, 1_000_000_000_000_001, nonce, gasPrice, 21_000, "0x", chainId)),
            ("EIP-2930", 2_000_000_000_000_002, nonce => new Transaction2930(chainId, nonce, gasPrice, 30_000, to, 2_000_000_000_000_002, "0x",
                [new AccessListItem(to, [storageKey])])),
            ("EIP-1559", 3_000_000_000_000_003, nonce => new Transaction1559(chainId, nonce, priorityFee, 2 * baseFee + priorityFee, 21_000, to,
                3_000_000_000_000_003, "0x", [])),
        ];

        foreach (var (label, value, build) in builders)
        {
            var nonce = (ulong)await rpc.QuantityAsync("eth_getTransactionCount", trader.Address.ToLowerHex(), "pending");
            var signed = trader.Sign(build(nonce));

            var hash = (await rpc.CallAsync("eth_sendRawTransaction", signed.ToRawHex())).GetString();
            Assert.Equal(signed.HashHex, hash);
            var receipt = await rpc.ReceiptAsync(signed.HashHex);
            Assert.True(receipt.GetProperty("status").GetString() == "0x1", $"{label}: receipt status {receipt.GetProperty("status")}");
            Assert.Equal(signed.RecoverSender(), Address.Parse(receipt.GetProperty("from").GetString()!));
            Assert.Equal(Hex.Quantity((ulong)signed.Type), receipt.GetProperty("type").GetString());

            var mined = await rpc.CallAsync("eth_getTransactionByHash", signed.HashHex);
            Assert.Equal(trader.Address, Address.Parse(mined.GetProperty("from").GetString()!));
            Assert.Equal(signed.R, ParseQuantity(mined.GetProperty("r").GetString()!));
            Assert.Equal(signed.S, ParseQuantity(mined.GetProperty("s").GetString()!));

            var block = ParseQuantity(receipt.GetProperty("blockNumber").GetString()!);
            var gasCost = ParseQuantity(receipt.GetProperty("gasUsed").GetString()!) * ParseQuantity(receipt.GetProperty("effectiveGasPrice").GetString()!);
            Assert.Equal(value, await rpc.BalanceChangeAsync(alice, block));
            Assert.Equal(-(value + gasCost), await rpc.BalanceChangeAsync(trader.Address, block));
        }
    }

    private static BigInteger ParseQuantity(string hex) => BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>Just enough JSON-RPC for this test; the product's client lives in ChainTrader.Adapters.</summary>
    private sealed class JsonRpc(Uri url)
    {
        private int _id;

        public async Task<JsonElement> CallAsync(string method, params object[] parameters)
        {
            var request = new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters };
            using var response = await Http.PostAsJsonAsync(url, request);
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (document.RootElement.TryGetProperty("error", out var error))
                throw new InvalidOperationException($"{method} failed: {error}");
            return document.RootElement.GetProperty("result").Clone();
        }

        public async Task<BigInteger> QuantityAsync(string method, params object[] parameters)
            => ParseQuantity((await CallAsync(method, parameters)).GetString()!);

        public async Task<JsonElement> ReceiptAsync(string hash)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var receipt = await CallAsync("eth_getTransactionReceipt", hash);
                if (receipt.ValueKind == JsonValueKind.Object)
                    return receipt;
                await Task.Delay(100);
            }
            throw new TimeoutException($"No receipt for {hash} after 10 s.");
        }

        public async Task<BigInteger> BalanceChangeAsync(Address account, BigInteger block)
        {
            var after = await QuantityAsync("eth_getBalance", account.ToLowerHex(), Hex.Quantity((ulong)block));
            var before = await QuantityAsync("eth_getBalance", account.ToLowerHex(), Hex.Quantity((ulong)block - 1));
            return after - before;
        }
    }
}
