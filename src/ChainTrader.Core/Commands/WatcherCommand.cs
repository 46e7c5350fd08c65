namespace ChainTrader.Core.Commands;
/// <summary>/watch, /unwatch, /watches or /tx with its words; the wallet watcher checks them (see ChainTrader.Core.Watching.WatchArguments).</summary>
public sealed record WatcherCommand(string Command, IReadOnlyList<string> Arguments) : ChatCommand(Command);
