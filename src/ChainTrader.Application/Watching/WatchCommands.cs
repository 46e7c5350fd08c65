using System.Text;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;
using static ChainTrader.Core.Watching.WatchMessages;

namespace ChainTrader.Application.Watching;

/// <summary>
/// /watch, /unwatch and /watches: each takes the sender, the chat and the words after the command, and returns the reply
/// (Telegram HTML). Bad input gets a reply saying what is wrong, and nothing is stored.
/// </summary>
public sealed class WatchCommands(WatchStore store, ChainCatalog catalog, IOptions<WatcherOptions> options, TimeProvider clock)
{
    private IReadOnlyList<string> Enabled => catalog.Chains.Select(c => c.Name).ToList();

    public async Task<string> WatchAsync(long userId, long chatId, IReadOnlyList<string> args, CancellationToken ct)
    {
        var parsed = WatchArguments.ParseWatch(args, Enabled, ChainPresets.All.Keys.ToList());
        if (parsed.Value is not { } request) return Escape(parsed.Error);

        var mine = await store.ListForUserAsync(userId, ct);
        var same = mine.FirstOrDefault(w => w.Chain == request.Chain && w.Address == request.Address);
        if (request.Label is { } label && mine.FirstOrDefault(w => string.Equals(w.Label, label, StringComparison.OrdinalIgnoreCase) && w != same) is { } holder)
            return $"You already use the label <b>{Escape(holder.Label)}</b> for {Escape(holder.Address.ToString())} on {Escape(holder.Chain)}. Pick another label or /unwatch that one first.";
        if (same is not null)
        {
            if (same.Label == request.Label && same.ChatId == chatId)
                return $"You already watch {Describe(same)}.";
            await store.ReplaceAsync(same with { Label = request.Label, ChatId = chatId }, ct);
            return $"Updated: you watch {Describe(same with { Label = request.Label })}; notifications come to this chat.";
        }

        var settings = options.Value;
        if (mine.Count >= settings.MaxPerUser)
            return $"You already watch {mine.Count} addresses, the most one user may ({settings.MaxPerUser}). /unwatch one first (see /watches).";
        var total = await store.CountAsync(ct);
        if (total >= settings.MaxTotal)
            return $"This bot watches as many addresses as it may ({settings.MaxTotal}); try again later.";

        var watch = new Watch(request.Chain, request.Address, userId, chatId, request.Label, clock.GetUtcNow());
        if (!await store.TryAddAsync(watch, ct))
            return $"You already watch {Describe(watch)}.";
        var chain = catalog.Get(request.Chain);
        return $"Watching {Describe(watch)}. I will tell you here when a transaction or token transfer from or to it is included " +
               $"and again when it is final ({chain.Confirmations} confirmations).";
    }

    public async Task<string> UnwatchAsync(long userId, long chatId, IReadOnlyList<string> args, CancellationToken ct)
    {
        var parsed = WatchArguments.ParseUnwatch(args);
        if (parsed.Value is not { } request) return Escape(parsed.Error);
        var mine = await store.ListForUserAsync(userId, ct);
        var targets = request.Address is { } address
            ? mine.Where(w => w.Address == address).ToList()
            : mine.Where(w => string.Equals(w.Label, request.Label, StringComparison.OrdinalIgnoreCase)).ToList();
        if (targets.Count == 0)
            return $"You do not watch {(request.Address is { } a ? Escape(a.ToString()) : $"anything labelled <b>{Escape(request.Label)}</b>")}. See /watches.";
        foreach (var watch in targets) await store.RemoveAsync(watch, ct);
        return "Stopped watching " + string.Join(", ", targets.Select(Describe)) + ".";
    }

    public async Task<string> ListAsync(long userId, long chatId, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (args.Count > 0) return "/watches takes no arguments.";
        var mine = await store.ListForUserAsync(userId, ct);
        if (mine.Count == 0) return "You watch no addresses. Start with /watch ADDRESS [CHAIN] [LABEL].";
        var text = new StringBuilder($"<b>Your watches</b> ({mine.Count} of {options.Value.MaxPerUser})");
        foreach (var watch in mine) text.Append("\n• ").Append(Describe(watch));
        return text.ToString();
    }

    private static string Describe(Watch watch) =>
        (watch.Label is { } label ? $"<b>{Escape(label)}</b> " : "") + $"<code>{Escape(watch.Address.ToString())}</code> on {Escape(watch.Chain)}";
}
