namespace ChainTrader.Tests.Infrastructure;

/// <summary>A 429 the stand-in handed out (GET /_standin/violations).</summary>
public sealed record StandInViolation(DateTimeOffset Time, string Method, long ChatId, string Rule, string Limit, int RetryAfter);
