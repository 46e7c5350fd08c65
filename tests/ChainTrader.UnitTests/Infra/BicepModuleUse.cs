namespace ChainTrader.UnitTests.Infra;

/// <summary>A module statement: its path and the parameters it passes.</summary>
public sealed record BicepModuleUse(string Name, string RelativePath, int Line, IReadOnlyList<string> GivenParams);
