namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>Settings of the standalone host's local Durable engine (the Functions host reads the same ones from host.json).</summary>
public sealed class DurableEngineOptions
{
    /// <summary>Default hub when no <c>TaskHubName</c> setting is given.</summary>
    public const string DefaultTaskHubName = "ChainTraderHub";

    /// <summary>App setting host.json refers to as <c>%TaskHubName%</c>, so both hosts use one hub.</summary>
    public string TaskHubName { get; set; } = DefaultTaskHubName;

    /// <summary>
    /// Longest wait between polls of an idle control/work-item queue. A Confirm raised from another process waits up to
    /// this long; 1 s keeps a button press snappy at about one queue request per second per idle queue.
    /// </summary>
    public TimeSpan DurableMaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued control or work-item message stays hidden. A process that dies (or stops) mid-step leaves its
    /// message hidden this long before another process gets it; the library's 5 min default would stall a restarted app.
    /// Activities and orchestrator episodes here take well under this, so a shorter value does not cause redelivery of
    /// work still running. host.json sets the Functions host's control queue to the same value. A trade waits longer than
    /// this (<see cref="Core.Trades.TradeTimings.PressArrivalGrace"/>) for a Confirm pressed in time, which a dead worker
    /// may hide.
    /// </summary>
    public TimeSpan DurableMessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
