namespace ChainTrader.Functions.Hosting;

/// <summary>What one invocation can hand a function's parameters: its scope's services, the trigger value and the cancellation token.</summary>
public readonly record struct FunctionArguments(IServiceProvider Services, object? Trigger, CancellationToken CancellationToken);
