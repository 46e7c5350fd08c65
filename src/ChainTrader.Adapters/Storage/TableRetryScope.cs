namespace ChainTrader.Adapters.Storage;

/// <summary>
/// Turns Table Storage retries off for the calls awaited inside the scope (an async-local flag), so a caller that must
/// answer within a deadline fails fast instead of backing off for seconds: the Telegram webhook answers 503 and Telegram
/// retries the whole update itself. Keep the scope around the calls that need it only: work started inside it inherits it.
/// </summary>
public static class TableRetryScope
{
    private static readonly AsyncLocal<bool> SuppressedFlow = new();

    internal static bool Suppressed => SuppressedFlow.Value;

    public static IDisposable Suppress()
    {
        var before = SuppressedFlow.Value;
        SuppressedFlow.Value = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => SuppressedFlow.Value = before;
    }
}
