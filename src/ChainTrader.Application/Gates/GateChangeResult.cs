using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Gates;

/// <summary>The outcome of a gate write: the value before and after, and whether this cause had already applied it.</summary>
public sealed record GateChangeResult(Gate Gate, string Before, string After, bool AlreadyApplied)
{
    public bool Changed => Before != After;
}
