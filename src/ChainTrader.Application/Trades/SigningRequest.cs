using ChainTrader.Adapters.Contracts;
using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>A transaction to sign under a key: what to call, the gas limit, and how to choose nonce and fees.</summary>
public sealed record SigningRequest(string Key, ContractCall Call, ulong GasLimit, long? Nonce, TxFees? MinFees, bool ForSimulation);
