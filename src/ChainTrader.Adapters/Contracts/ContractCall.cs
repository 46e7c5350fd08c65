using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// What a transaction to a contract should do: recipient, calldata and wei sent. Fees, gas and nonce are added by
/// <see cref="Transactions.TransactionSender"/>; the builders in this folder only say what to call.
/// </summary>
public sealed record ContractCall
{
    private readonly byte[] _data;

    public ContractCall(Address to, byte[] data, BigInteger value = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        To = to;
        _data = (byte[])data.Clone();
        Value = UInt256.Require(value, nameof(value));
    }

    public Address To { get; }

    /// <summary>Calldata; a fresh copy on each read.</summary>
    public byte[] Data => (byte[])_data.Clone();

    public BigInteger Value { get; }

    /// <summary>The call object for eth_call / eth_estimateGas.</summary>
    public CallInput ToCallInput(Address? from = null) => new()
    {
        From = from?.ToLowerHex(),
        To = To.ToLowerHex(),
        Data = Hex.Encode(_data),
        Value = Value.IsZero ? null : new HexBigInteger(Value),
    };

    public override string ToString() => $"call {To} with {_data.Length} bytes of calldata ({Hex.Encode(_data.AsSpan(0, Math.Min(4, _data.Length)))}...), value {Value} wei";
}
