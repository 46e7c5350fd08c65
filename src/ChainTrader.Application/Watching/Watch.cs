using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Watching;

/// <summary>One user watching one address on one chain; notifications go to <see cref="ChatId"/> (where /watch was sent).</summary>
public sealed record Watch(string Chain, Address Address, long UserId, long ChatId, string? Label, DateTimeOffset CreatedAt);
