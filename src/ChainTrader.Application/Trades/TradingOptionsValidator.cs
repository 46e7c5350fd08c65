using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>Checks the trading settings at start, listing every problem (the key's value is never echoed).</summary>
public sealed class TradingOptionsValidator : IValidateOptions<TradingOptions>
{
    public ValidateOptionsResult Validate(string? name, TradingOptions options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SignerPrivateKey))
        {
            try { options.Signer(); }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                problems.Add("SIGNER_PRIVATE_KEY: not a 32-byte secp256k1 private key in hex.");
            }
        }
        if (options.SlippageBps is < 1 or > 500)
            problems.Add($"TRADING_SLIPPAGE_BPS: {options.SlippageBps.ToString(CultureInfo.InvariantCulture)} is outside 1-500.");
        if (options.CapitalUsd <= 0)
            problems.Add($"TRADING_CAPITAL_USD: {options.CapitalUsd.ToString(CultureInfo.InvariantCulture)} must be positive.");
        if (options.SwapGasFallback is < 21_000 or > 3_000_000)
            problems.Add($"TRADING_SWAP_GAS_FALLBACK: {options.SwapGasFallback.ToString(CultureInfo.InvariantCulture)} is outside 21000-3000000.");
        if (string.IsNullOrWhiteSpace(options.QuoteToken))
            problems.Add("TRADING_QUOTE_TOKEN: empty; name the USD stablecoin (e.g. USDC).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
