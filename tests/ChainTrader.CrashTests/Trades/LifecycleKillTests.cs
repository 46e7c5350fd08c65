using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Real kills (issue 14): LIVE trades on the devnet through the app as a child process, which gets SIGKILLed at seeded
/// random moments in each phase of a trade's life and restarted over the same Azurite and chain. The test acts only as the
/// traders and the chain do (commands, button presses, blocks) and reads only the trade's table row, the chain and the
/// chat, so it holds however the app drives the lifecycle inside. Replay a run with <c>KILL_SEED</c>.
/// </summary>
[Collection(DevnetCollection.Name)]
public partial class LifecycleKillTests(ITestOutputHelper output)
{
    private const int MinKills = 20;
    /// <summary>Blocks come on their own at this pace, so "sent, not yet mined" and "counting confirmations" last a while.</summary>
    private const int BlockIntervalMs = 1500;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan QuoteTtl = TimeSpan.FromSeconds(40);
    private static readonly long[] Traders = [TradingStack.Trader, TradingStack.OtherTrader];
    /// <summary>About $60 of ETH (as are the buys, $60-160): the first order of each token also pays its approval, about $1 of gas, within the desk's 2 % gas bound.</summary>
    private const decimal SellEth = 0.02m, SellUsd = 65m;

    private enum Phase { AwaitingConfirmation, ConfirmedNotBroadcast, BroadcastNoReceipt, CountingConfirmations }

    private enum Plan { Confirm, Cancel, LeaveUnconfirmed }

    /// <summary>One trade the test opened, what the trader means to do with it, and what the app said to the presses.</summary>
    private sealed class Intent(string id, long user, Plan plan, bool buy)
    {
        public string Id { get; } = id;
        public long User { get; } = user;
        public Plan Plan { get; } = plan;
        public bool Buy { get; } = buy;
        public bool ConfirmAcknowledged { get; set; }
        public bool CancelAcknowledged { get; set; }
        /// <summary>Refused by the desk's risk checks before any quote was shown (a legitimate end the test does not aim at).</summary>
        public bool RejectedUnshown { get; set; }
        public bool Pressed => ConfirmAcknowledged || CancelAcknowledged;
    }

    [Fact]
    public async Task LiveTradesSurviveSigkillsInEveryPhaseWithOneSwapPerConfirmationNoNonceGapAndAWholeChatStory()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given : Random.Shared.Next();
        output.WriteLine($"KILL_SEED={seed}");
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();

        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await TradingStack.RefreshFeedsAsync(chain);
            await using var azurite = await AzuriteServer.StartAsync();
            await using var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
            var settings = TradingStack.SettingsFor(chain, azurite, standIn, s =>
            {
                s["Trades:QuoteTtl"] = $"00:00:{QuoteTtl.TotalSeconds:00}";
                // A killed step is re-issued after RetryAfter; the default 15 s would make 20 kills take many minutes.
                s["Trades:RetryAfter"] = "00:00:02";
                s["Trades:PollInterval"] = "00:00:01";
            });
            var tables = await Storage.AzuriteTables.ServiceAsync(connectionString: azurite.ConnectionString);
            var run = new Run(chain, standIn, tables.GetTable(TradeStore.TradesTable), random, output);
            var wallet = chain.Key("trader").Address.ToString();
            var firstNonce = await chain.Rpc.GetTransactionCountAsync(wallet, BlockParameter.CreateLatest());
            var firstBlock = (await chain.Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.Height() + 1;

            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setIntervalMining", JsonValue.Create(BlockIntervalMs)));
            try
            {
                await using var app = await KillableApp.StartAsync(settings, standIn, output);
                run.App = app;
                await run.KillUntilEveryPhaseIsCoveredAsync();
                var lastRestart = clock.Elapsed;

                // Every trade ends, within a bound of the last restart, in the state its trader's presses call for.
                var finals = await run.WaitForAllTerminalAsync(Settle);
                output.WriteLine($"all {finals.Count} trades terminal {(clock.Elapsed - lastRestart).TotalSeconds:0.0} s after the last restart");
                // Every check runs and all that fail are told together: one replay then shows the whole picture.
                var problems = new List<string>();
                foreach (var intent in run.Intents)
                {
                    var trade = finals[intent.Id];
                    output.WriteLine($"{intent.Id} user {intent.User} {(intent.Buy ? "buy" : "sell")} plan {intent.Plan} confirm-ack {intent.ConfirmAcknowledged} " +
                                     $"cancel-ack {intent.CancelAcknowledged}: {trade.State} {trade.Outcome}");
                    var expected = intent.ConfirmAcknowledged ? TradeState.Final : intent.CancelAcknowledged ? TradeState.Cancelled
                        : intent.RejectedUnshown ? TradeState.Rejected : TradeState.Expired;
                    if (trade.State != expected)
                        problems.Add($"{intent.Id} ended {trade.State} ({trade.Outcome}), expected {expected}:\n{await run.HistoryAsync(trade)}");
                }

                // Exactly one swap on chain per confirmed intent, none for the others, and the wallet's nonces without a gap.
                var head = (await chain.Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.Height();
                var latest = await chain.Rpc.GetTransactionCountAsync(wallet, BlockParameter.CreateLatest());
                var pending = await chain.Rpc.GetTransactionCountAsync(wallet, BlockParameter.CreatePending());
                if (latest != pending) problems.Add($"the wallet's pending nonce {pending} is not its latest {latest}");
                var ours = new List<Nethereum.RPC.Eth.DTOs.Transaction>();
                for (var n = firstBlock; n <= head; n++)
                    ours.AddRange((await chain.Rpc.GetBlockWithTransactionsByNumberAsync(new BlockParameter(n)))!.Transactions
                        .Where(t => string.Equals(t.From, wallet, StringComparison.OrdinalIgnoreCase)));
                var nonces = ours.Select(t => (ulong)t.Nonce.Value).Order().ToList();
                if (!nonces.SequenceEqual(Enumerable.Range(0, (int)(latest - firstNonce)).Select(i => firstNonce + (ulong)i)))
                    problems.Add($"the wallet's mined nonces {string.Join(",", nonces)} are not exactly {firstNonce}..{latest - 1}");
                // A swap transaction of the wallet is one whose receipt carries a Uniswap Swap log (a multi-hop route has several).
                var swapTxs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var tx in ours)
                    if (UniswapV2Pair.Swaps((await chain.Rpc.GetTransactionReceiptAsync(tx.TransactionHash))!.Logs).Count > 0) swapTxs.Add(tx.TransactionHash);
                var confirmed = run.Intents.Where(i => i.ConfirmAcknowledged).ToList();
                if (swapTxs.Count != confirmed.Count) problems.Add($"{swapTxs.Count} swap transactions for {confirmed.Count} confirmed trades");
                foreach (var intent in confirmed.Where(i => finals[i.Id].Receipt?.TxHash is not { } hash || !swapTxs.Contains(hash)))
                    problems.Add($"{intent.Id} was confirmed but its receipt ({finals[intent.Id].Receipt?.TxHash ?? "none"}) is not a swap of the wallet");

                // Each trade's card tells its story once: every state word once, in order, the final one present.
                foreach (var intent in run.Intents) problems.AddRange(StoryProblems(intent, finals[intent.Id], await run.StoryAsync(intent)));

                output.WriteLine($"kills: {run.Kills.Count}; by phase: " +
                                 string.Join(", ", Enum.GetValues<Phase>().Select(p => $"{p} {run.Kills.Count(k => k.Contains(p))}")) +
                                 $"; trades {run.Intents.Count} ({confirmed.Count} confirmed); swaps {swapTxs.Count}; nonces {firstNonce}..{latest}; " +
                                 $"run {clock.Elapsed.TotalSeconds:0} s");
                Assert.True(problems.Count == 0, $"KILL_SEED={seed}:\n" + string.Join("\n", problems));
            }
            finally
            {
                await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setIntervalMining", JsonValue.Create(0)));
            }
        });
    }

    private static IEnumerable<string> StoryProblems(Intent intent, Trade final, IReadOnlyList<string> story)
    {
        var told = string.Join(" | ", story);
        if (story.Count != story.Distinct().Count()) yield return $"{intent.Id}'s card repeats a state: {told}";
        var ranks = story.Select(Rank).ToList();
        if (!ranks.Zip(ranks.Skip(1)).All(p => p.First < p.Second)) yield return $"{intent.Id}'s card goes back: {told}";
        // A trade refused before its quote says so at once; every other one starts with its quote.
        string[] required = final.State switch
        {
            TradeState.Final => ["Quote", "Confirmed", "Submitted", "Filled"],
            TradeState.Cancelled => ["Quote", "Cancelled"],
            TradeState.Rejected => ["Rejected"],
            TradeState.Failed => ["Quote", "Failed"],
            _ => ["Quote", "Expired"],
        };
        if (story.Count == 0 || story[0] != required[0]) yield return $"{intent.Id}'s card does not start with {required[0]}: {told}";
        foreach (var word in required.Where(w => !story.Contains(w))) yield return $"{intent.Id} ({final.State}) never showed {word}: {told}";
        if (story.Count > 0 && story[^1] != required[^1]) yield return $"{intent.Id}'s card does not end {required[^1]}: {told}";
    }

    /// <summary>Where a state word sits in a trade's life; Included n/N in the order of n.</summary>
    private static int Rank(string word) => word switch
    {
        "Quote" => 0,
        "Confirmed" => 1,
        "Submitted" => 2,
        "Filled" or "Cancelled" or "Expired" or "Rejected" or "Failed" => 100,
        _ when IncludedWord().Match(word) is { Success: true } m => 10 + int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unknown state word '{word}'."),
    };

    [GeneratedRegex(@"^Included (\d+)/\d+$")]
    private static partial Regex IncludedWord();

    /// <summary>The card's state word: the first bold word of its status part (after the quote block), or Quote when it has none.</summary>
    private static string StateWord(string html)
    {
        var status = html[(html.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        var bold = BoldText().Match(status);
        return bold.Success ? bold.Groups[1].Value : "Quote";
    }

    [GeneratedRegex("<b>([^<]+)</b>")]
    private static partial Regex BoldText();

    /// <summary>The state of one kill run: the app, the trades opened, the kills made.</summary>
    private sealed class Run(DevnetChain chain, TelegramStandIn standIn, EntityTable trades, Random random, ITestOutputHelper output)
    {
        private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);

        /// <summary>Trades seen terminal: nothing moves them any more, so the phase looks skip them.</summary>
        private readonly HashSet<string> _ended = [];

        public KillableApp App { get; set; } = null!;
        public List<Intent> Intents { get; } = [];
        public List<IReadOnlySet<Phase>> Kills { get; } = [];

        public async Task KillUntilEveryPhaseIsCoveredAsync()
        {
            var phases = Enum.GetValues<Phase>();
            for (var draws = 0; Kills.Count < MinKills || phases.Any(p => !Kills.Any(k => k.Contains(p))); draws++)
            {
                Assert.True(draws < 200, $"{draws} draws made {Kills.Count} kills, covering {string.Join(", ", Kills.SelectMany(k => k).Distinct())}");
                // The last kills go where none has been yet, so every phase gets one.
                var uncovered = phases.Where(p => !Kills.Any(k => k.Contains(p))).ToArray();
                var aim = uncovered.Length > 0 && MinKills - Kills.Count <= uncovered.Length ? uncovered[random.Next(uncovered.Length)] : phases[random.Next(phases.Length)];
                await PressDueCancelsAsync();
                if (!await ReachAsync(aim))
                {
                    output.WriteLine($"draw {draws}: {aim} slipped by before the kill; drawing again");
                    continue;
                }
                await App.KillAsync();
                var observed = await PhasesNowAsync();
                Kills.Add(observed);
                output.WriteLine($"kill {Kills.Count} aimed at {aim}: in {string.Join(", ", observed)}; open trades: {await OpenTradesAsync()}");
                var restart = Stopwatch.StartNew();
                await App.RestartAsync();
                output.WriteLine($"restarted in {restart.Elapsed.TotalSeconds:0.0} s");
            }
        }

        /// <summary>Brings a trade into <paramref name="aim"/> and returns once it is there at a drawn moment; false when it moved on first.</summary>
        private async Task<bool> ReachAsync(Phase aim)
        {
            // How many looks at the phase pass before the kill: the moment within the phase, drawn.
            var looks = 1 + random.Next(aim switch { Phase.ConfirmedNotBroadcast => 1, Phase.BroadcastNoReceipt => 6, _ => 15 });
            // The trade pressed for this draw, if any: when it ends without ever showing the phase, the draw is void.
            Intent? pressed = null;
            switch (aim)
            {
                case Phase.AwaitingConfirmation:
                    if (!(await PhasesNowAsync()).Contains(Phase.AwaitingConfirmation)) await OpenAndShowAsync(DrawPlan());
                    break;
                case Phase.ConfirmedNotBroadcast:
                    // The press itself starts this phase: kill as soon as the trade is seen confirmed with nothing sent.
                    await ConfirmAsync(pressed = await ConfirmableAsync());
                    break;
                default:
                    if (!(await PhasesNowAsync()).Contains(aim) && !(await PhasesNowAsync()).Contains(Phase.BroadcastNoReceipt))
                        await ConfirmAsync(pressed = await ConfirmableAsync());
                    break;
            }
            var deadline = DateTimeOffset.UtcNow + PhaseTimeout;
            var seen = 0;
            while (DateTimeOffset.UtcNow < deadline)
            {
                var now = await PhasesNowAsync();
                if (now.Contains(aim)) { if (++seen >= looks) return true; }
                else if (seen > 0 || (aim == Phase.ConfirmedNotBroadcast && !await AnyInStateAsync(TradeState.Confirmed))) return false;
                else if (pressed is not null && _ended.Contains(pressed.Id)) return false;
                await Task.Delay(aim == Phase.ConfirmedNotBroadcast ? 10 : 50);
            }
            output.WriteLine($"no trade reached {aim} within {PhaseTimeout.TotalSeconds:0} s; open trades: {await OpenTradesAsync()}");
            return false;
        }

        private Plan DrawPlan() => random.Next(10) switch { < 6 => Plan.Confirm, < 8 => Plan.Cancel, _ => Plan.LeaveUnconfirmed };

        /// <summary>An open trade meant to be confirmed, not pressed yet, with its quote shown; a new one when there is none.</summary>
        private async Task<Intent> ConfirmableAsync()
        {
            foreach (var intent in Intents.Where(i => i.Plan == Plan.Confirm && !i.Pressed))
                if (await StateOfAsync(intent.Id) == TradeState.AwaitingConfirmation) return intent;
            return await OpenAndShowAsync(Plan.Confirm);
        }

        /// <summary>A trader types /buy (or /sell once the desk holds ETH); returns when the trade's quote is on its card.</summary>
        private async Task<Intent> OpenAndShowAsync(Plan plan)
        {
            var user = Traders[random.Next(Traders.Length)];
            // A sell stays within what the trader's filled buys hold (ETH is near $3,000).
            var holdsEth = random.Next(3) == 0 && await FilledBuysUsdAsync(user) - SellUsd * Intents.Count(i => i.User == user && !i.Buy) >= SellUsd;
            var text = holdsEth ? string.Create(CultureInfo.InvariantCulture, $"/sell {SellEth} ETH") : $"/buy ETH {60 + random.Next(100)}";
            var update = await standIn.SendUserMessageAsync(user, user, text, wait: true);
            var intent = new Intent(TradeCommandsHandler.TradeIdOf(update.UpdateId), user, plan, !holdsEth);
            Intents.Add(intent);
            output.WriteLine($"{intent.Id}: user {user} '{text}', plan {plan}");
            await Until.TrueAsync(async () => await StateOfAsync(intent.Id) is TradeState.AwaitingConfirmation or TradeState.Rejected, PhaseTimeout, $"{intent.Id} quoted or rejected");
            if (await StateOfAsync(intent.Id) != TradeState.Rejected)
            {
                await QuoteAsync(intent);
                return intent;
            }
            intent.RejectedUnshown = true;
            output.WriteLine($"{intent.Id}: rejected before its quote; opening another");
            return await OpenAndShowAsync(plan);
        }

        private async Task<StandInMessage> QuoteAsync(Intent intent)
        {
            StandInMessage? quote = null;
            try
            {
                await Until.TrueAsync(async () => (quote = (await standIn.BotMessagesAsync(intent.User))
                    .FirstOrDefault(m => m.Html.Contains($"trade <code>{intent.Id}</code>", StringComparison.Ordinal) && m.Buttons.Count > 0)) is not null
                    && await StateOfAsync(intent.Id) == TradeState.AwaitingConfirmation, PhaseTimeout, $"the quote of {intent.Id}");
            }
            catch (TimeoutException e)
            {
                var chat = await standIn.BotMessagesAsync(intent.User);
                throw new TimeoutException($"{e.Message} ({await StateOfAsync(intent.Id)}) The chat ends:\n{string.Join("\n---\n", chat.TakeLast(3).Select(m => m.Text))}", e);
            }
            return quote!;
        }

        private async Task ConfirmAsync(Intent intent) => intent.ConfirmAcknowledged = await PressAsync(intent, confirm: true, "Confirmed");

        /// <summary>Traders who meant to cancel do so once their quote is up (and before it expires).</summary>
        private async Task PressDueCancelsAsync()
        {
            foreach (var intent in Intents.Where(i => i.Plan == Plan.Cancel && !i.Pressed))
                if (await StateOfAsync(intent.Id) == TradeState.AwaitingConfirmation)
                    intent.CancelAcknowledged = await PressAsync(intent, confirm: false, "Cancelled");
        }

        private async Task<bool> PressAsync(Intent intent, bool confirm, string acknowledged)
        {
            var quote = await QuoteAsync(intent);
            var data = quote.Buttons.SelectMany(r => r).Select(b => b.CallbackData).First(d => d!.StartsWith(confirm ? "tc:" : "tx:", StringComparison.Ordinal))!;
            var toast = TradingStack.Toast(await standIn.PressButtonAsync(intent.User, intent.User, quote.MessageId, data, wait: true));
            output.WriteLine($"{intent.Id}: {(confirm ? "Confirm" : "Cancel")} → {toast}");
            return toast.Contains(acknowledged, StringComparison.Ordinal);
        }

        /// <summary>
        /// The phases some trade is in now, from its table row and the chain: quote up; confirmed with none of its
        /// transactions known to the chain; a transaction sent that has no receipt; mined and counting confirmations.
        /// </summary>
        public async Task<IReadOnlySet<Phase>> PhasesNowAsync()
        {
            var phases = new HashSet<Phase>();
            foreach (var intent in Intents.Where(i => !_ended.Contains(i.Id)))
            {
                var trade = await TradeAsync(intent.Id);
                if (trade is null) continue;
                if (trade.IsTerminal) _ended.Add(intent.Id);
                switch (trade.State)
                {
                    case TradeState.AwaitingConfirmation:
                        phases.Add(Phase.AwaitingConfirmation);
                        break;
                    case TradeState.Confirmed or TradeState.Submitted:
                        var known = new List<string>();
                        foreach (var tx in trade.Transactions)
                            if (await chain.Rpc.GetTransactionByHashAsync(tx.Hash) is not null) known.Add(tx.Hash);
                        if (known.Count == 0 && trade.State == TradeState.Confirmed) phases.Add(Phase.ConfirmedNotBroadcast);
                        foreach (var hash in known)
                            if (await chain.Rpc.GetTransactionReceiptAsync(hash) is null) phases.Add(Phase.BroadcastNoReceipt);
                        break;
                    case TradeState.Included:
                        phases.Add(Phase.CountingConfirmations);
                        break;
                }
            }
            return phases;
        }

        private async Task<string> OpenTradesAsync()
        {
            var open = new List<string>();
            foreach (var intent in Intents.Where(i => !_ended.Contains(i.Id)))
                if (await TradeAsync(intent.Id) is { IsTerminal: false } trade)
                    open.Add($"{trade.Id} {trade.State} since {trade.StateSince:HH:mm:ss.f} txs {trade.Transactions.Count}");
            return string.Join("; ", open);
        }

        private async Task<decimal> FilledBuysUsdAsync(long user)
        {
            var usd = 0m;
            foreach (var intent in Intents.Where(i => i.User == user && i.Buy && i.ConfirmAcknowledged))
                if (await TradeAsync(intent.Id) is { State: TradeState.Final } trade) usd += trade.Intent.AmountIn;
            return usd;
        }

        private async Task<bool> AnyInStateAsync(TradeState state)
        {
            foreach (var intent in Intents)
                if (await StateOfAsync(intent.Id) == state) return true;
            return false;
        }

        /// <summary>The trade's recorded transitions as /history renders them.</summary>
        public async Task<string> HistoryAsync(Trade trade)
        {
            var filter = TableFilter.PartitionKeyEquals(trade.Id).And(TableFilter.GreaterThanOrEqual("RowKey", "e")).And(TableFilter.LessThan("RowKey", "f"));
            var entries = new List<TradeHistoryEntry>();
            await foreach (var row in trades.QueryAsync(filter))
                entries.Add(JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.TradeHistoryEntry)!);
            return TradeStory.Render(trade, entries);
        }

        private async Task<TradeState?> StateOfAsync(string id) => (await TradeAsync(id))?.State;

        private async Task<Trade?> TradeAsync(string id)
        {
            var row = await trades.GetAsync(id, TradeStore.StateRow);
            return row is null ? null : JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.Trade);
        }

        /// <summary>Waits until every trade is terminal and its card shows it, pressing the cancels still due.</summary>
        public async Task<Dictionary<string, Trade>> WaitForAllTerminalAsync(TimeSpan bound)
        {
            var finals = new Dictionary<string, Trade>();
            await Until.TrueAsync(async () =>
            {
                await PressDueCancelsAsync();
                foreach (var intent in Intents.Where(i => !finals.ContainsKey(i.Id)))
                    if (await TradeAsync(intent.Id) is { IsTerminal: true } trade && (await StoryAsync(intent)) is [.., var last] && Rank(last) == 100)
                        finals[intent.Id] = trade;
                return finals.Count == Intents.Count;
            }, bound, $"every trade to end and say so ({string.Join(", ", Intents.Select(i => i.Id))})", 500);
            return finals;
        }

        /// <summary>The state words of a trade's card as the chat got them: its quote message, then each edit that took.</summary>
        public async Task<IReadOnlyList<string>> StoryAsync(Intent intent)
        {
            var calls = await standIn.CallsAsync(chatId: intent.User);
            var sent = calls.Where(c => c.Ok && c.Method == "sendMessage" && c.Text?.Contains($"trade <code>{intent.Id}</code>", StringComparison.Ordinal) == true).ToList();
            var ids = sent.Select(c => c.Result!.Value.GetProperty("message_id").GetInt64()).ToHashSet();
            return calls.Where(c => c.Ok && (sent.Contains(c) || c.Method == "editMessageText" && c.Params.TryGetProperty("message_id", out var id) && ids.Contains(id.GetInt64())))
                .OrderBy(c => c.Seq).Select(c => StateWord(c.Text!)).ToList();
        }
    }
}
