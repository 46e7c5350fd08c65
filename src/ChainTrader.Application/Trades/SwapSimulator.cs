using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Trades;
using Nethereum.Util;

namespace ChainTrader.Application.Trades;

/// <summary>
/// DRY_RUN's check of a signed swap: eth_call of exactly its calldata, value and gas from the trading wallet at the latest
/// block, never broadcast. A LIVE trade would first approve the router for the exact input; a dry run must not, so when
/// the allowance is short the call runs with a state override that gives the router that allowance (the token's
/// <c>allowance</c> mapping slot is found by probing the Solidity layouts of slots 0-<see cref="MaxProbedSlot"/>, each
/// probe checked by reading <c>allowance()</c> back under it). A token whose slot is not found is simulated as it stands.
/// </summary>
public sealed class SwapSimulator(TradeChain chain)
{
    public const int MaxProbedSlot = 15;

    public async Task<SimulationCompleted> SimulateAsync(Trade trade, string rawTransaction, CancellationToken cancellationToken)
    {
        var tx = RawTransaction.Decode(rawTransaction);
        var call = new JsonObject
        {
            ["from"] = chain.Wallet.ToLowerHex(),
            ["to"] = tx.To?.ToLowerHex(),
            ["data"] = Hex.Encode(tx.Data),
            ["value"] = "0x" + tx.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'),
            ["gas"] = Hex.Quantity((ulong)tx.GasLimit),
        };
        var note = "";
        JsonObject? overrides = null;
        if (trade.Order is { } order)
        {
            var token = Address.Parse(order.TokenIn.Address);
            var allowance = await new Erc20(chain.Pool, token).AllowanceAsync(chain.Wallet, chain.Router.Address, cancellationToken: cancellationToken);
            if (allowance < order.AmountInRaw)
            {
                overrides = await AllowanceOverrideAsync(token, order.AmountInRaw, cancellationToken);
                note = overrides is null ? " (the router's allowance is short and the token's storage layout is unknown, so the approval could not be simulated)" : "";
            }
        }
        try
        {
            await chain.Pool.CallAsync(overrides is null ? RpcCalls.Raw("eth_call", call, "latest") : RpcCalls.Raw("eth_call", call, "latest", overrides), cancellationToken);
            return new SimulationCompleted(true, null);
        }
        catch (JsonRpcErrorException ex) when (ContractRevertException.TryGetRevert(ex) is { } reason)
        {
            // The state machine writes "simulation reverted: …"; a require() message is shown as the contract wrote it.
            return new SimulationCompleted(false, (reason.ErrorMessage ?? reason.Message) + note);
        }
    }

    /// <summary>A state override setting the wallet's allowance for the router to <paramref name="amount"/>, or null when no probed slot holds it.</summary>
    private async Task<JsonObject?> AllowanceOverrideAsync(Address token, BigInteger amount, CancellationToken cancellationToken)
    {
        var read = new JsonObject { ["to"] = token.ToLowerHex(), ["data"] = Hex.Encode(Erc20.AllowanceFunction.EncodeCall(chain.Wallet.ToLowerHex(), chain.Router.Address.ToLowerHex())) };
        var value = Hex.Encode(Word(amount));
        for (var slot = 0; slot <= MaxProbedSlot; slot++)
        {
            var key = Hex.Encode(Sha3Keccack.Current.CalculateHash([.. Word(chain.Router.Address), .. Sha3Keccack.Current.CalculateHash([.. Word(chain.Wallet), .. Word(slot)])]));
            var overrides = new JsonObject { [token.ToLowerHex()] = new JsonObject { ["stateDiff"] = new JsonObject { [key] = value } } };
            var result = await chain.Pool.CallAsync(RpcCalls.Raw("eth_call", read, "latest", overrides), cancellationToken);
            if (result.GetString() is { } hex && Hex.Decode(hex) is { Length: 32 } word && new BigInteger(word, isUnsigned: true, isBigEndian: true) == amount)
                return overrides;
        }
        return null;
    }

    private static byte[] Word(Address address)
    {
        var word = new byte[32];
        address.CopyTo(word.AsSpan(12));
        return word;
    }

    private static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        value.TryWriteBytes(word.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return word;
    }
}
