namespace ChainTrader.UnitTests.Infra;

/// <summary>A param, var, resource, module or output declared in a Bicep file, with where and how.</summary>
public sealed record BicepDeclaration(string Kind, string Name, int Line, bool HasDefault, bool IsSecure);
