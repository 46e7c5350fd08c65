namespace ChainTrader.Core.Commands;

/// <summary>What <see cref="CommandParser.Parse"/> made of a message.</summary>
public abstract record ParseOutcome;
