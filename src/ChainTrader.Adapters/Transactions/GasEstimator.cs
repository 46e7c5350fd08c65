using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

public sealed class GasEstimatorOptions
{
    /// <summary>Added to eth_estimateGas, in percent: state can move between estimate and inclusion (reserves, storage slots).</summary>
    public int MarginPercent { get; set; } = 20;

    /// <summary>The most gas any one transaction may be given; an estimate above it is refused.</summary>
    public ulong MaxGas { get; set; } = 3_000_000;

    internal void Validate()
    {
        if (MarginPercent is < 0 or > 500) throw new ArgumentOutOfRangeException(nameof(MarginPercent), MarginPercent, "MarginPercent must be 0 to 500.");
        if (MaxGas < 21_000) throw new ArgumentOutOfRangeException(nameof(MaxGas), MaxGas, "MaxGas must be at least 21000, the cost of a plain transfer.");
    }
}

/// <param name="Estimated">What the node estimated.</param>
/// <param name="GasLimit">The limit to sign: the estimate plus the margin, capped at the maximum.</param>
public sealed record GasEstimate(ulong Estimated, ulong GasLimit);

/// <summary>The node's estimate is above <see cref="GasEstimatorOptions.MaxGas"/>.</summary>
public sealed class GasCapExceededException(ulong estimated, ulong cap, string what)
    : Exception($"{what} needs an estimated {estimated} gas, above the cap of {cap}.")
{
    public ulong Estimated { get; } = estimated;
    public ulong Cap { get; } = cap;
}

/// <summary>eth_estimateGas with a safety margin and a cap; a call that would revert throws <see cref="ContractRevertException"/>.</summary>
public sealed class GasEstimator
{
    private readonly IRpcChannel _rpc;
    private readonly GasEstimatorOptions _options;

    public GasEstimator(IRpcChannel rpc, IOptions<GasEstimatorOptions> options)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
    }

    public async Task<GasEstimate> EstimateAsync(ContractCall call, Address from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ulong estimated;
        try
        {
            estimated = await _rpc.EstimateGasAsync(call.ToRequest(from), ct: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (ContractRevertException.TryGetRevert(e) is { } reason)
        {
            throw new ContractRevertException($"Gas estimate for {call}", reason, e);
        }
        return Apply(estimated, call.ToString());
    }

    /// <summary>The limit for an estimate: estimate × (100 + margin) / 100 rounded up, at most the cap.</summary>
    public GasEstimate Apply(ulong estimated, string what)
    {
        if (estimated > _options.MaxGas) throw new GasCapExceededException(estimated, _options.MaxGas, what);
        var withMargin = (UInt128)estimated * (ulong)(100 + _options.MarginPercent);
        var limit = (ulong)UInt128.Min((withMargin + 99) / 100, _options.MaxGas);
        return new GasEstimate(estimated, limit);
    }
}
