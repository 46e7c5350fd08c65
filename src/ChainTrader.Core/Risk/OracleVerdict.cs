namespace ChainTrader.Core.Risk;

/// <summary>The oracle rules' verdict on the symbol being traded (SPEC §4): usable or not, and why not.</summary>
public sealed record OracleVerdict(bool Usable, IReadOnlyList<string> Reasons)
{
    public static OracleVerdict Ok { get; } = new(true, []);
    public static OracleVerdict Unusable(params string[] reasons) => new(false, reasons);
}
