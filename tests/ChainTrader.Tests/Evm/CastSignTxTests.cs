using ChainTrader.Cast;

namespace ChainTrader.Tests.Evm;

/// <summary>ct-cast sign-tx against ethers v6 (Wallet.signTransaction, the npm package in devnet/) for every transaction type it signs.</summary>
public class CastSignTxTests
{
    // Hardhat's well-known second development account; a public test key.
    private const string Key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    // The same transactions in ct-cast's JSON (which takes "gas") and ethers' (which takes "gasLimit").
    private static readonly string[] Transactions =
    [
        """{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": "20000000000", "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "value": "1000000000000000000" }""",
        """{ "type": 0, "chainId": 31337, "nonce": 7, "gas": 300000, "gasPrice": "0x3b9aca00", "data": "0x6080604052" }""",
        """{ "type": 1, "chainId": 10, "nonce": 3, "gas": 60000, "gasPrice": "1000000000", "to": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "value": "0x1", "accessList": [ { "address": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "storageKeys": [ "0x0000000000000000000000000000000000000000000000000000000000000001" ] } ] }""",
        """{ "type": 1, "chainId": 8453, "nonce": 0, "gas": 100000, "gasPrice": 5, "data": "0x60006000" }""",
        """{ "type": 2, "chainId": 1, "nonce": 42, "gas": 250000, "maxFeePerGas": "40000000000", "maxPriorityFeePerGas": "1500000000", "to": "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "data": "0x38ed1739" }""",
        """{ "type": 2, "chainId": 137, "nonce": 1, "gas": 21000, "maxFeePerGas": 2, "maxPriorityFeePerGas": 2, "to": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "value": "115792089237316195423570985008687907853269984665640564039457584007913129639935", "accessList": [ { "address": "0x7a250d5630b4cf539739df2c5dacb4c659f2488d", "storageKeys": [] } ] }""",
        """{ "type": 2, "chainId": 31337, "nonce": 0, "gas": 500000, "maxFeePerGas": "0x77359400", "maxPriorityFeePerGas": 0, "data": "0x6080" }""",
    ];

    [Fact]
    public async Task SignTxPrintsWhatEthersSigns()
    {
        var ethers = await EthersScript.RunAsync<string[][]>("""
            const wallet = new ethers.Wallet(input.key);
            Promise.all(input.transactions.map(async json => {
              const tx = JSON.parse(json);
              tx.gasLimit = tx.gas; delete tx.gas;
              const raw = await wallet.signTransaction(tx);
              const parsed = ethers.Transaction.from(raw);
              return [raw, parsed.hash, parsed.from];
            })).then(out => process.stdout.write(JSON.stringify(out)));
            """, new { key = Key, transactions = Transactions });

        for (var i = 0; i < Transactions.Length; i++)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CastCommand.Run(["sign-tx", "-"], new StringReader(Transactions[i]), stdout, stderr,
                name => name == CastCommand.PrivateKeyVariable ? Key : null);
            Assert.True(code == 0, $"case {i}: exit {code}: {stderr}");
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal([$"raw  {ethers[i][0]}", $"hash {ethers[i][1]}", $"from {ethers[i][2]}"], lines);
        }
    }
}
