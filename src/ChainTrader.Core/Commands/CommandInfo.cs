namespace ChainTrader.Core.Commands;

/// <summary>
/// One command as users see it: name (no slash), argument syntax, what it does, who may use it, and whether answering
/// it reads the chain live (such commands answer within COMMAND_RPC_BUDGET_MS whatever the RPC endpoints do).
/// </summary>
public sealed record CommandInfo(string Name, string Arguments, string Description, UserRole MinimumRole, bool ReadsChainLive = false)
{
    public string Usage => Arguments.Length == 0 ? "/" + Name : $"/{Name} {Arguments}";
}
