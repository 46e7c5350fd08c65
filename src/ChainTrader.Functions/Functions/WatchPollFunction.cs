using System.Diagnostics;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Watching;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Timer (every 5 s): scans every enabled chain for transactions and ERC-20 transfers touching watched addresses, each
/// chain on its own, and repeats a chain's scan while it is behind the head, within WATCH_POLL_BUDGET_S.
/// </summary>
public sealed class WatchPollFunction(ChainRpcPools pools, ChainScanner scanner, IOptions<WatcherOptions> options, ILogger<WatchPollFunction> logger)
{
    [Function("WatchPoll")]
    public Task RunAsync([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        Task.WhenAll(pools.All.Select(entry => PollChainAsync(entry.Chain.Name, cancellationToken)));

    private async Task PollChainAsync(string chain, CancellationToken cancellationToken)
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
        logger.Log(level, "{Chain}: {Outcome} after {Scans} scan(s), {Blocks} block(s), {Notices} notice(s); head {Head}{Behind}",
            chain, result.Outcome, scans, blocks, notices, result.Head, result.Behind ? ", still behind" : "");
    }
}
