namespace ChainTrader.Application.Trades;

/// <summary>
/// A signing row that names a nonce: its key (<c>sign:{trade}:{n}</c>, <c>approve:{trade}</c> or <c>approve:{trade}:{n}</c>
/// for replacement n, <c>fill:{nonce}</c>), whether it holds signed bytes, and their hash.
/// </summary>
public sealed record SigningClaim(string Key, ulong Nonce, bool Signed, bool Abandoned, string? Hash)
{
    /// <summary>The trade the key belongs to, or null for the desk's own gap fills.</summary>
    public string? TradeId => Key.Split(':') switch
    {
        ["sign", var trade, _] => trade,
        ["approve", var trade] => trade,
        ["approve", var trade, _] => trade,
        _ => null,
    };
}
