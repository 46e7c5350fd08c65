namespace ChainTrader.Functions.Hosting;

/// <summary>What starts a function. The standalone host fires HTTP, timer and queue triggers; the Durable engine the other two.</summary>
public enum FunctionTrigger
{
    Http,
    Timer,
    Queue,
    Orchestration,
    Activity,
}
