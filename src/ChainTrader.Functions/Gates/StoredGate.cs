using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Gates;

/// <summary>One gate's stored value and who last set it (null fields: never set, the default applies).</summary>
public sealed record StoredGate(string Value, long? ChangedBy, DateTimeOffset? ChangedAt, string? Reason);
