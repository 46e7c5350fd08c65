namespace ChainTrader.Core.Commands;

/// <summary>A command with syntactically valid arguments; <see cref="Name"/> is the catalog name without the slash.</summary>
public abstract record ChatCommand(string Name);
