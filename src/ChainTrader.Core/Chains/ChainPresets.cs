namespace ChainTrader.Core.Chains;

/// <summary>Known chains. RPC URLs are deliberately absent: operators configure their own (they often carry API keys).</summary>
public static class ChainPresets
{
    public static IReadOnlyDictionary<string, ChainDefinition> All { get; } = new Dictionary<string, ChainDefinition>(StringComparer.OrdinalIgnoreCase)
    {
        ["ethereum"] = new("ethereum", 1, [], 12, "ETH", TimeSpan.FromSeconds(12), true,
            "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "https://etherscan.io/tx/"),
        ["base"] = new("base", 8453, [], 10, "ETH", TimeSpan.FromSeconds(2), true,
            "0x4752ba5DBc23f44D87826276BF6Fd6b1C372aD24", "https://basescan.org/tx/"),
        ["arbitrum"] = new("arbitrum", 42161, [], 10, "ETH", TimeSpan.FromMilliseconds(250), true,
            "0x4752ba5DBc23f44D87826276BF6Fd6b1C372aD24", "https://arbiscan.io/tx/"),
        ["bsc"] = new("bsc", 56, [], 15, "BNB", TimeSpan.FromSeconds(3), false,
            "0x10ED43C718714eb63d5aA57B78B54704E256024E", "https://bscscan.com/tx/"),
        ["devnet"] = new("devnet", 31337, [new Uri("http://127.0.0.1:8545")], 3, "ETH", TimeSpan.FromSeconds(1), true,
            null, null),
    };
}
