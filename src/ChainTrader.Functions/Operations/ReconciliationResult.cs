using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Operations;

/// <summary>The outcome of reconciling one chain at one block.</summary>
public sealed record ReconciliationResult(string Chain, ulong Block, DateTimeOffset CheckedAt, int Checked, IReadOnlyList<BalanceMismatch> Mismatches)
{
    public bool Matches => Mismatches.Count == 0;
}
