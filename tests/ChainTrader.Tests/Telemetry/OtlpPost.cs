namespace ChainTrader.Tests.Telemetry;

/// <summary>One OTLP/HTTP export as it arrived.</summary>
public sealed record OtlpPost(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);
