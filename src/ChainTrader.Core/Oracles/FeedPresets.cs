namespace ChainTrader.Core.Oracles;

/// <summary>
/// Verified mainnet feeds. Every address was looked up in a published source (named beside it) and its EIP-55
/// checksum is verified by the tests. Chains and symbols not listed here were not confirmed and are left out:
/// configure them explicitly.
/// </summary>
/// <remarks>
/// Sources:
/// [CL-DOCS] smartcontractkit/documentation, _src/addresses/addresses.json (Chainlink's own feed directory as
///   published in its docs repository: proxy, decimals, heartbeat per network).
/// [CL-L2] smartcontractkit/documentation, src/content/data-feeds/l2-sequencer-feeds.mdx ("Available networks").
/// [AAVE-BASE] bgd-labs/aave-address-book, src/ChainlinkBase.sol (generated from Chainlink's Base directory).
/// [LZ] LZeroAnalytics/chainlink-package, src/package_io/constants.star (Chainlink directory snapshot with heartbeats;
///   used for Base heartbeats and to cross-check Ethereum ones).
/// [PYTH] pyth-network/documentation, pages/price-feeds/sponsored-feeds/data/evm/hyperevm_mainnet.json and
///   base_mainnet.json (Pyth's price feed ids).
/// Heartbeats can change; Chainlink publishes the current ones at data.chain.link. BSC and Arbitrum heartbeats are
/// from the [CL-DOCS] snapshot.
/// </remarks>
public static class FeedPresets
{
    public static IReadOnlyList<ChainlinkFeedPreset> Chainlink { get; } =
    [
        // Ethereum mainnet: [CL-DOCS] "Ethereum Mainnet"; heartbeats also in [LZ].
        new("ethereum", "ETH", "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", 8, TimeSpan.FromHours(1)),
        new("ethereum", "BTC", "0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c", 8, TimeSpan.FromHours(1)),
        new("ethereum", "USDC", "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6", 8, TimeSpan.FromHours(24)),
        new("ethereum", "SOL", "0x4ffC43a60e009B551865A93d232E33Fce9f01507", 8, TimeSpan.FromHours(24)),

        // Base mainnet: addresses [AAVE-BASE]; decimals and heartbeats [LZ] BASE_PRICE_FEEDS.
        new("base", "ETH", "0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70", 8, TimeSpan.FromSeconds(1200)),
        new("base", "BTC", "0x64c911996D3c6aC71f9b455B1E8E7266BcbD848F", 8, TimeSpan.FromSeconds(1200)),
        new("base", "USDC", "0x7e860098F58bBFC8648a4311b374B1D669a2bc6B", 8, TimeSpan.FromHours(24)),

        // Arbitrum One: [CL-DOCS] "Arbitrum Mainnet".
        new("arbitrum", "ETH", "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", 8, TimeSpan.FromHours(24)),
        new("arbitrum", "BTC", "0x6ce185860a4963106506C203335A2910413708e9", 8, TimeSpan.FromHours(24)),
        new("arbitrum", "USDC", "0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3", 8, TimeSpan.FromHours(24)),

        // BNB Chain: [CL-DOCS] "BNB Chain Mainnet" (heartbeat "1m" for the majors).
        new("bsc", "ETH", "0x9ef1B8c0E4F7dc8bF5719Ea496883DC6401d5b2e", 8, TimeSpan.FromMinutes(1)),
        new("bsc", "BTC", "0x264990fbd0A4796A3E3d8E37C4d5F87a3aCa5Ebf", 8, TimeSpan.FromMinutes(1)),
        new("bsc", "USDC", "0x51597f405303C4377E36123cBc172b13269EA163", 8, TimeSpan.FromHours(24)),
        new("bsc", "BNB", "0x0567F2323251f0Aab15c8dFb1967E4e8A7D42aeE", 8, TimeSpan.FromMinutes(1)),
    ];

    public static IReadOnlyList<SequencerFeedPreset> Sequencers { get; } =
    [
        // [CL-L2] "Arbitrum mainnet".
        new("arbitrum", "0xFdB631F5EE196F0ed6FAa767959853A9F217697D"),
        // [CL-L2] "BASE mainnet"; also [AAVE-BASE] L2_Sequencer_Uptime_Status_Feed.
        new("base", "0xBCF85224fc0756B9Fa45aA7892530B47e10b6433"),
    ];

    public static IReadOnlyList<PythFeedPreset> Pyth { get; } =
    [
        // [PYTH] aliases BTC/USD, ETH/USD, USDC/USD, SOL/USD.
        new("BTC", "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43"),
        new("ETH", "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace"),
        new("USDC", "eaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a"),
        new("SOL", "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d"),
    ];

    public static IEnumerable<ChainlinkFeedPreset> ChainlinkOn(string chain)
        => Chainlink.Where(f => string.Equals(f.Chain, chain, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sequencer uptime feed of <paramref name="chain"/>, or null for L1s and chains without one.</summary>
    public static SequencerFeedPreset? SequencerOn(string chain)
        => Sequencers.FirstOrDefault(s => string.Equals(s.Chain, chain, StringComparison.OrdinalIgnoreCase));

    public static PythFeedPreset? PythFor(string symbol)
        => Pyth.FirstOrDefault(p => string.Equals(p.Symbol, symbol, StringComparison.OrdinalIgnoreCase));
}
