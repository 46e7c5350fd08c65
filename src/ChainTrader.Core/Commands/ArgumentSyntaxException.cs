namespace ChainTrader.Core.Commands;

/// <summary>An argument is malformed; the message says which and why (the parser adds the usage line).</summary>
public sealed class ArgumentSyntaxException(string message) : FormatException(message);
