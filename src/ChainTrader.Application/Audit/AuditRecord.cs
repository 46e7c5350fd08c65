namespace ChainTrader.Application.Audit;

/// <summary>Where an audit event was stored and when it was first recorded.</summary>
public sealed record AuditRecord(string PartitionKey, string RowKey, DateTimeOffset At);
