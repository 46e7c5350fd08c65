namespace ChainTrader.Tests.Infrastructure;

/// <summary>Waits on a condition (never on the clock alone): polls it until it holds or the bound passes.</summary>
public static class Until
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMilliseconds = 100)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(pollMilliseconds);
        }
    }
}
