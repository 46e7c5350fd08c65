namespace ChainTrader.Application.Gates;

/// <summary>One gate's stored value and who last set it (null fields: never set, the default applies).</summary>
public sealed record StoredGate(string Value, long? ChangedBy, DateTimeOffset? ChangedAt, string? Reason);
