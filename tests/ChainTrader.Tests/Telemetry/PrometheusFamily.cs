namespace ChainTrader.Tests.Telemetry;

public sealed record PrometheusFamily(string Name, string Type, string? Help, List<PrometheusSample> Samples);
