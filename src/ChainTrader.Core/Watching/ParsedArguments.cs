namespace ChainTrader.Core.Watching;

/// <summary>Either the parsed arguments or a reply saying exactly what is wrong.</summary>
public sealed record ParsedArguments<T>(T? Value, string? Error) where T : class
{
    public static ParsedArguments<T> Ok(T value) => new(value, null);
    public static ParsedArguments<T> Fail(string error) => new(null, error);
}
