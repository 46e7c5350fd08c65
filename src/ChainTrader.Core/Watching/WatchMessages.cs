using ChainTrader.Core.Telegram;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>The Telegram texts (HTML parse mode) of the wallet watcher. Every interpolated value is escaped.</summary>
public static class WatchMessages
{
    /// <summary>Lines beyond this are summarised as "and N more" so a busy transaction cannot exceed Telegram's message size.</summary>
    public const int MaxTransferLines = 8;

    /// <summary>
    /// One user's view of a transaction's transfers: each line names the user's watched side by its label (or short address).
    /// </summary>
    /// <param name="names">The user's labels by address; watched addresses without a label map to null.</param>
    /// <param name="tokens">Metadata of the tokens involved; a token missing here is shown in raw units with its address.</param>
    public static string DescribeTransfers(IReadOnlyList<ObservedTransfer> transfers, IReadOnlyDictionary<Address, string?> names,
        IReadOnlyDictionary<Address, TokenInfo> tokens, string nativeSymbol)
    {
        var lines = new List<string>();
        var relevant = transfers.Where(t => names.ContainsKey(t.From) || (t.To is { } to && names.ContainsKey(to))).ToList();
        var hasTokenLines = relevant.Any(t => !t.IsNative);
        foreach (var transfer in relevant)
        {
            // A zero-value call whose tokens moved is described by those token lines; on its own it is still worth a line.
            if (transfer.IsNative && transfer.Units.IsZero && hasTokenLines) continue;
            lines.Add(DescribeTransfer(transfer, names, tokens, nativeSymbol));
        }
        if (lines.Count > MaxTransferLines)
            lines = [.. lines.Take(MaxTransferLines - 1), $"… and {lines.Count - MaxTransferLines + 1} more transfers"];
        return string.Join('\n', lines);
    }

    public static string DescribeTransfer(ObservedTransfer transfer, IReadOnlyDictionary<Address, string?> names, IReadOnlyDictionary<Address, TokenInfo> tokens, string nativeSymbol)
    {
        var amount = Amount(transfer, tokens, nativeSymbol);
        var fromWatched = names.ContainsKey(transfer.From);
        var toWatched = transfer.To is { } t && names.ContainsKey(t);
        var from = Name(transfer.From, names, fromWatched);
        var to = transfer.To is { } target ? Name(target, names, toWatched) : "a new contract";
        if (transfer.IsNative && transfer.Units.IsZero)
            return $"{from} called {to} (no {Escape(nativeSymbol)} moved)";
        if (fromWatched && !toWatched) return $"{from} sent {amount} to {to}";
        if (!fromWatched && toWatched) return $"{to} received {amount} from {from}";
        return $"{from} sent {amount} to {to}";
    }

    public static string Seen(string chain, string txHash, ulong block, ulong confirmations, int required, string details, string? explorerTxUrl) =>
        $"👀 <b>Seen</b> on {Escape(chain)}: block {block}, {confirmations}/{required} confirmations\n{details}\n{TxLink(txHash, explorerTxUrl)}";

    public static string Final(string chain, string txHash, ulong block, int required, string details, string? explorerTxUrl) =>
        $"✅ <b>Final</b> on {Escape(chain)}: block {block}, {required}/{required} confirmations\n{details}\n{TxLink(txHash, explorerTxUrl)}";

    public static string Removed(string chain, string txHash, ulong block, string details, string? explorerTxUrl) =>
        $"⚠️ <b>No longer in the chain</b> on {Escape(chain)}: block {block} was replaced in a reorganisation and this transaction " +
        $"is in no block now, so the earlier notice does not hold. You will hear if it comes back.\n{details}\n{TxLink(txHash, explorerTxUrl)}";

    public static string Back(string chain, string txHash, ulong block, ulong confirmations, int required, string details, string? explorerTxUrl) =>
        $"↩️ <b>Back in the chain</b> on {Escape(chain)}: block {block}, {confirmations}/{required} confirmations\n{details}\n{TxLink(txHash, explorerTxUrl)}";

    /// <summary>A link to the explorer when the chain has one; otherwise the full hash to copy.</summary>
    public static string TxLink(string txHash, string? explorerTxUrl) => explorerTxUrl is null
        ? $"Tx <code>{Escape(txHash)}</code>"
        : $"Tx <a href=\"{Escape(explorerTxUrl + txHash)}\">{Escape(ShortHash(txHash))}</a>";

    public static string ShortAddress(Address address)
    {
        var text = address.ToString();
        return $"{text[..6]}…{text[^4..]}";
    }

    public static string ShortHash(string hash) => hash.Length > 14 ? $"{hash[..10]}…{hash[^4..]}" : hash;

    public static string Amount(ObservedTransfer transfer, IReadOnlyDictionary<Address, TokenInfo> tokens, string nativeSymbol)
    {
        if (transfer.Token is not { } token) return $"{TokenAmount.Format(transfer.Units, 18)} {Escape(nativeSymbol)}";
        return tokens.TryGetValue(token, out var info)
            ? $"{TokenAmount.Format(transfer.Units, info.Decimals)} {Escape(info.Symbol)}"
            : $"{TokenAmount.Format(transfer.Units, 0)} units of token <code>{Escape(token.ToString())}</code>";
    }

    private static string Name(Address address, IReadOnlyDictionary<Address, string?> names, bool watched) =>
        watched && names[address] is { } label ? $"<b>{Escape(label)}</b> ({Escape(ShortAddress(address))})" : Escape(ShortAddress(address));

    public static string Escape(string? value) => TelegramHtml.Escape(value);

}
