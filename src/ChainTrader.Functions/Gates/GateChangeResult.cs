using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Gates;

/// <summary>The outcome of a gate write: the value before and after, and whether this cause had already applied it.</summary>
public sealed record GateChangeResult(Gate Gate, string Before, string After, bool AlreadyApplied)
{
    public bool Changed => Before != After;
}
