using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>eth_estimateGas with a safety margin and a cap; a call that would revert throws <see cref="ContractRevertException"/>.</summary>
public sealed class GasEstimator
{
    private readonly IRpcChannel _rpc;
    private readonly GasEstimatorOptions _options;

    public GasEstimator(IRpcChannel rpc, IOptions<GasEstimatorOptions> options)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        ArgumentNullException.ThrowIfNull(options);
        _options = new GasEstimatorOptionsValidator().ThrowIfInvalid(options.Value);
    }

    public async Task<GasEstimate> EstimateAsync(ContractCall call, Address from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ulong estimated;
        try
        {
            estimated = await _rpc.EstimateGasAsync(call.ToCallInput(from), ct: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcErrorException e) when (ContractRevertException.TryGetRevert(e) is { } reason)
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
