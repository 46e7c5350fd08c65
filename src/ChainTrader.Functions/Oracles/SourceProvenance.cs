using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Oracles;
using ChainTrader.Functions.Chains;

namespace ChainTrader.Functions.Oracles;

/// <summary>Where one source's value came from: the endpoint that answered (redacted) and the block or publish detail.</summary>
public sealed record SourceProvenance(string Source, string Endpoint, string Detail);
