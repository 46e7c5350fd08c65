namespace ChainTrader.Core.Commands;
/// <summary>The trader's last <see cref="Count"/> trades, or (when <see cref="Trade"/> is set) that one trade's full story.</summary>
public sealed record HistoryCommand(int Count, TradeLookup? Trade = null) : ChatCommand("history");
