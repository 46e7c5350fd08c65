using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Operations;

/// <summary>A chain's latest reconciliation as stored.</summary>
public sealed record StoredReconciliation(string Chain, DateTimeOffset CheckedAt, ulong Block, int Checked, int MismatchCount, string Mismatches);
