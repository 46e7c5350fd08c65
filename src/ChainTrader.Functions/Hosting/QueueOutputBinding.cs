namespace ChainTrader.Functions.Hosting;

/// <summary>An output binding that sends messages to an Azure Storage queue (bound by the host in Azure, by <see cref="HintQueues"/> standalone).</summary>
public sealed record QueueOutputBinding(string Name, string QueueName);
