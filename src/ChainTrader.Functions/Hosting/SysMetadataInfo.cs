namespace ChainTrader.Functions.Hosting;
public sealed record SysMetadataInfo(string MethodName, DateTimeOffset UtcNow, Guid RandGuid);
