namespace ChainTrader.Core.Commands;

/// <summary>
/// The text is not a valid command. <see cref="CommandName"/> is set when the command itself was recognised and only
/// its arguments are wrong; <see cref="Message"/> says exactly what is wrong and how to write it.
/// </summary>
public sealed record ParseError(string? CommandName, string Message) : ParseOutcome;
