namespace ChainTrader.Functions.Hosting;

/// <summary>A non-HTTP function: a timer or queue handler driven by the host or by standalone mode.</summary>
public interface IFunction
{
    string Name { get; }
    Task RunAsync(FunctionContext context, CancellationToken cancellationToken);
}
