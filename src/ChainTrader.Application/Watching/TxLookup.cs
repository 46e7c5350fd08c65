using System.Text;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Configuration;
using Nethereum.RPC.Eth.DTOs;
using static ChainTrader.Core.Watching.WatchMessages;

namespace ChainTrader.Application.Watching;

/// <summary>
/// /tx HASH [CHAIN]: status (pending, included with confirmations, final, reverted, reorged out), value, fee, ERC-20
/// transfers, and a swap when the sender sent one asset and received another. Two RPC round trips (plus one for token
/// metadata not cached yet).
/// </summary>
public sealed class TxLookup(ChainRpcPools pools, ChainCatalog catalog, ITokenMetadataSource tokens)
{
    private static readonly string UniswapV2SwapTopic =
        AbiDeclarations.Event("Swap(address indexed sender,uint256 amount0In,uint256 amount1In,uint256 amount0Out,uint256 amount1Out,address indexed to)").Topic0Hex();

    public async Task<string> HandleAsync(long userId, long chatId, IReadOnlyList<string> args, CancellationToken ct)
    {
        var parsed = WatchArguments.ParseTx(args, catalog.Chains.Select(c => c.Name).ToList(), ChainPresets.All.Keys.ToList());
        if (parsed.Value is not { } request) return Escape(parsed.Error);
        var chain = catalog.Get(request.Chain);
        var rpc = pools.For(chain.Name);

        var first = rpc.CreateBatch();
        var txItem = first.Add(Eth.GetTransactionByHash(request.Hash));
        var receiptItem = first.Add(Eth.GetTransactionReceipt(request.Hash));
        var headItem = first.Add(Eth.BlockNumber());
        await first.SendAsync(ct);
        var tx = txItem.Result;
        var receipt = receiptItem.Result;
        var head = headItem.Result;

        var text = new StringBuilder($"<b>Transaction</b> on {Escape(chain.Name)}\n{TxLink(request.Hash, chain.ExplorerTxUrl)}\n");
        if (tx is null)
            return text.Append("Not known to the node: never sent, dropped from the mempool, or sent on another chain.").ToString();

        var tracker = new ConfirmationTracker(chain.Confirmations);
        InclusionCheck inclusion;
        if (receipt is null)
        {
            inclusion = tracker.CheckReceipt(null, null, head, null);
        }
        else
        {
            var header = await rpc.GetBlockByNumberAsync(new BlockParameter(receipt.Height()), ct: ct);
            inclusion = tracker.CheckReceipt(null, new BlockRef(receipt.Height(), receipt.BlockHash), Math.Max(head, receipt.Height()), header?.BlockHash);
        }
        text.Append(Status(inclusion, receipt)).Append('\n');

        var from = Address.Parse(tx.From);
        Address? to = tx.To is { } t ? Address.Parse(t) : null;
        text.Append($"From <code>{Escape(from.ToString())}</code> to ")
            .Append(to is { } target ? $"<code>{Escape(target.ToString())}</code>" : "a new contract").Append('\n');
        text.Append($"Value: {TokenAmount.Format(tx.Value.Value, 18)} {Escape(chain.NativeSymbol)}\n");
        if (receipt is null || inclusion.Status is InclusionStatus.NotIncluded or InclusionStatus.Reorged)
            return text.ToString().TrimEnd();

        text.Append($"Fee: {TokenAmount.Format(receipt.GasCost(), 18)} {Escape(chain.NativeSymbol)}\n");
        var transfers = receipt.Logs.Select(TransferLogs.TryDecode).OfType<ObservedTransfer>().ToList();
        if (transfers.Count == 0) return text.ToString().TrimEnd();

        var tokenInfo = await tokens.GetAsync(chain.Name, transfers.Select(x => x.Token!.Value), ct);
        if (SwapLine(tx, from, transfers, tokenInfo, chain.NativeSymbol, receipt.Logs.Any(l => l.TopicCount() > 0 && l.Topic(0) == UniswapV2SwapTopic)) is { } swap)
            text.Append(swap).Append('\n');
        text.Append("Token transfers:");
        var noNames = new Dictionary<Address, string?>();
        foreach (var transfer in transfers.Take(MaxTransferLines))
            text.Append("\n• ").Append(DescribeTransfer(transfer, noNames, tokenInfo, chain.NativeSymbol));
        if (transfers.Count > MaxTransferLines) text.Append($"\n… and {transfers.Count - MaxTransferLines} more");
        return text.ToString();
    }

    private static string Status(InclusionCheck inclusion, TransactionReceipt? receipt)
    {
        var outcome = receipt?.Succeeded() == false ? "❌ reverted" : "✅ succeeded";
        return inclusion.Status switch
        {
            InclusionStatus.NotIncluded => "Status: ⏳ pending (not in a block yet)",
            InclusionStatus.Reorged => "Status: ⚠️ its block is no longer in the chain (reorganisation); waiting to be included again",
            InclusionStatus.Included => $"Status: {outcome} in block {inclusion.Block!.Value.Number}, {inclusion.Confirmations}/{inclusion.Required} confirmations (not final yet)",
            InclusionStatus.Final => $"Status: {outcome} in block {inclusion.Block!.Value.Number}, final ({inclusion.Confirmations} confirmations)",
            _ => throw new InvalidOperationException($"Unknown inclusion status {inclusion.Status}."),
        };
    }

    /// <summary>"Swap: sent A, received B" when the sender parted with one asset and got another back; null otherwise.</summary>
    private static string? SwapLine(Transaction tx, Address sender, IReadOnlyList<ObservedTransfer> transfers, IReadOnlyDictionary<Address, TokenInfo> tokens,
        string nativeSymbol, bool viaUniswapV2)
    {
        var sent = transfers.Where(t => t.From == sender).ToList();
        if (!tx.Value.Value.IsZero) sent.Insert(0, new ObservedTransfer(tx.TransactionHash, default, null, sender, null, tx.Value.Value));
        var received = transfers.Where(t => t.To == sender && t.From != sender).ToList();
        if (sent.Count == 0 || received.Count == 0 || !sent.Select(s => s.Token).Except(received.Select(r => r.Token)).Any()) return null;
        return $"Swap{(viaUniswapV2 ? " (Uniswap V2)" : "")}: sent {string.Join(" + ", sent.Select(s => Amount(s, tokens, nativeSymbol)))}, " +
               $"received {string.Join(" + ", received.Select(r => Amount(r, tokens, nativeSymbol)))}";
    }
}
