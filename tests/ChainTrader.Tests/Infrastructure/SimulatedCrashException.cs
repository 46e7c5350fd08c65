namespace ChainTrader.Tests.Infrastructure;

public sealed class SimulatedCrashException() : Exception("Simulated crash while enqueueing a notification.");
