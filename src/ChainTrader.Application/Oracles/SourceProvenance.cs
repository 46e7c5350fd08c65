namespace ChainTrader.Application.Oracles;

/// <summary>Where one source's value came from: the endpoint that answered (redacted) and the block or publish detail.</summary>
public sealed record SourceProvenance(string Source, string Endpoint, string Detail);
