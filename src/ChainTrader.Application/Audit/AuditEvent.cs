using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Audit;

/// <summary>An admin action: who, what, the value before and after, and the cause it is keyed by ("update:123").</summary>
public sealed record AuditEvent(
    long ActorUserId,
    UserRole ActorRole,
    string Action,
    string? Before,
    string? After,
    string Outcome,
    string Cause,
    string TraceId,
    string? Detail = null);
