using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Trades;

/// <summary>A transaction to sign under a key: what to call, the gas limit, and how to choose nonce and fees.</summary>
public sealed record SigningRequest(string Key, ContractCall Call, ulong GasLimit, long? Nonce, TxFees? MinFees, bool ForSimulation);
