namespace ChainTrader.Tests.Infrastructure;

/// <summary>One message as the chat shows it (GET /_standin/chats/{id}/messages): current text after edits, buttons.</summary>
public sealed record StandInMessage(long MessageId, string Sender, long FromId, string Text, string Html, bool Edited,
    IReadOnlyList<IReadOnlyList<(string Text, string? CallbackData)>> Buttons);
