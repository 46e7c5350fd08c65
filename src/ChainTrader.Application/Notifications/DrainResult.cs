namespace ChainTrader.Application.Notifications;

public enum DrainResult
{
    /// <summary>Nothing is left pending for the chat.</summary>
    Drained,

    /// <summary>Work is left but not due yet (pacing, retry_after, an edit waiting for its original); the sweeper comes back.</summary>
    Waiting,

    /// <summary>Another drain (here or on another instance) holds the chat.</summary>
    Busy,

    /// <summary>The app is stopping; whatever is left stays pending.</summary>
    Stopping,
}
