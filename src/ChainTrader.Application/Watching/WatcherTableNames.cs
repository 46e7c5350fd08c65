namespace ChainTrader.Application.Watching;

/// <summary>The watcher's tables (docs/architecture.md "Tables"); tests give each run its own.</summary>
public sealed record WatcherTableNames(string Watches = "Watches", string Transactions = "WatchTxs", string Cursors = "WatchCursors");
