using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Watching;

/// <summary>One user watching one address on one chain; notifications go to <see cref="ChatId"/> (where /watch was sent).</summary>
public sealed record Watch(string Chain, Address Address, long UserId, long ChatId, string? Label, DateTimeOffset CreatedAt);
