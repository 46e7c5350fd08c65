using System.Text.Json;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>What /send and /press answered: the update's id and, with wait, the first webhook delivery's outcome.</summary>
public sealed record StandInUpdate(long UpdateId, long? MessageId, string? CallbackQueryId, JsonElement? Delivery);
