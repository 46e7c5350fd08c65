using ChainTrader.Core.Evm;
using ChainTrader.Application.Configuration;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Flat settings of the trading desk (names as operators see them). Lifecycle timings bind from the <c>Trades</c>
/// section (<see cref="Core.Trades.TradeTimings"/>, e.g. <c>Trades__QuoteTtl=00:01:00</c>) and risk limits from the
/// <c>Risk</c> section (<see cref="Core.Risk.RiskLimits"/>).
/// </summary>
public sealed class TradingOptions
{
    /// <summary>The trading wallet's key (hex). Key Vault reference in Azure; never logged or shown.</summary>
    [ConfigurationKeyName("SIGNER_PRIVATE_KEY"), SecretSetting]
    public string SignerPrivateKey { get; set; } = "";

    /// <summary>The chain trades execute on; blank means the first enabled chain.</summary>
    [ConfigurationKeyName("TRADING_CHAIN")]
    public string TradingChain { get; set; } = "";

    /// <summary>The USD stablecoin /buy spends and /sell receives.</summary>
    [ConfigurationKeyName("TRADING_QUOTE_TOKEN")]
    public string QuoteToken { get; set; } = "USDC";

    /// <summary>Slippage tolerance written into amountOutMin (basis points below the quoted output).</summary>
    [ConfigurationKeyName("TRADING_SLIPPAGE_BPS")]
    public int SlippageBps { get; set; } = 50;

    /// <summary>The capital the ledger opens with (USD): the NAV every percentage limit is sized against at the start.</summary>
    [ConfigurationKeyName("TRADING_CAPITAL_USD")]
    public decimal CapitalUsd { get; set; } = 100_000m;

    /// <summary>Gas assumed for a swap when it cannot be estimated yet (signed before its approval executes).</summary>
    [ConfigurationKeyName("TRADING_SWAP_GAS_FALLBACK")]
    public ulong SwapGasFallback { get; set; } = 250_000;

    // The binder can store null here (a setting present without a value), whatever the annotation says.
    public PrivateKey? Signer() => string.IsNullOrWhiteSpace(SignerPrivateKey) ? null : PrivateKey.FromHex(SignerPrivateKey.Trim());
}
