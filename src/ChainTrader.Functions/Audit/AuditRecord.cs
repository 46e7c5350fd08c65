using System.Globalization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Audit;

/// <summary>Where an audit event was stored and when it was first recorded.</summary>
public sealed record AuditRecord(string PartitionKey, string RowKey, DateTimeOffset At);
