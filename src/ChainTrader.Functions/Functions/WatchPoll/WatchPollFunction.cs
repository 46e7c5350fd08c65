using System.Diagnostics;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Watching;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Functions.WatchPoll;

/// <summary>
/// Timer (every 5 s): scans every enabled chain for transactions and ERC-20 transfers touching watched addresses, each
/// chain on its own, and repeats a chain's scan while it is behind the head, within WATCH_POLL_BUDGET_S.
/// </summary>
public sealed class WatchPollFunction(ChainRpcPools pools, ChainScanner scanner, IOptions<WatcherOptions> options) : IFunction
{
    public string Name => "WatchPoll";

    public Task RunAsync(FunctionContext context, CancellationToken cancellationToken) =>
        Task.WhenAll(pools.All.Select(entry => PollChainAsync(context, entry.Chain.Name, cancellationToken)));

    private async Task PollChainAsync(FunctionContext context, string chain, CancellationToken cancellationToken)
    {
        var budget = Stopwatch.StartNew();
        ScanResult result;
        int scans = 0, blocks = 0, notices = 0;
        do
        {
            result = await scanner.ScanAsync(chain, cancellationToken);
            scans++;
            blocks += result.Blocks;
            notices += result.Notices;
        } while (result.Behind && budget.Elapsed < options.Value.PollBudget);

        var level = result.Outcome == ScanOutcome.Inconsistent ? LogLevel.Warning : LogLevel.Information;
        context.Log(level, $"{chain}: {result.Outcome} after {scans} scan(s), {blocks} block(s), {notices} notice(s); head {result.Head}{(result.Behind ? ", still behind" : "")}");
    }
}
