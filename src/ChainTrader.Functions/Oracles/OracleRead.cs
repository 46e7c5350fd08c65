using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Oracles;
using ChainTrader.Functions.Chains;

namespace ChainTrader.Functions.Oracles;

/// <summary>Everything read for a set of symbols in one go.</summary>
public sealed record OracleRead(
    IReadOnlyDictionary<string, OracleInputs> Inputs,
    IReadOnlyList<SourceProvenance> Provenance,
    IReadOnlyList<ChainRead> Chains,
    DateTimeOffset ReadAt);
