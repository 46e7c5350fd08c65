namespace ChainTrader.Core.Commands;

/// <summary>A command addressed to another bot (<c>/help@otherbot</c> in a group): not ours to answer.</summary>
public sealed record AddressedToAnotherBot(string BotUsername) : ParseOutcome;
