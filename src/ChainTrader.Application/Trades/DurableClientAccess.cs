using Microsoft.DurableTask.Client;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The Durable client trades are started and signalled through. Standalone it is the local engine's, from DI. Under the
/// Functions host DI has none: the Durable extension hands one to each function that asks with <c>[DurableClient]</c>,
/// so a function whose work can reach a trade runs that work inside <see cref="RunAsync"/> with its client.
/// </summary>
public sealed class DurableClientAccess(IServiceProvider services)
{
    private static readonly AsyncLocal<DurableTaskClient?> Invocation = new();

    public DurableTaskClient Client => Invocation.Value ?? services.GetService<DurableTaskClient>()
        ?? throw new InvalidOperationException("No Durable client in this invocation: the function must take a [DurableClient] DurableTaskClient and run its work through DurableClientAccess.RunAsync.");

    /// <summary>Runs <paramref name="work"/> (and whatever it starts) with <paramref name="client"/> as the Durable client.</summary>
    public async Task<T> RunAsync<T>(DurableTaskClient client, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Set inside this async method, the value flows into the work and is gone again when the method returns.
        Invocation.Value = client;
        return await work();
    }

    public Task RunAsync(DurableTaskClient client, Func<Task> work) =>
        RunAsync(client, async () => { await work(); return true; });
}
