namespace ChainTrader.Core.Commands;
public sealed record RateLimitsCommand() : ChatCommand("rate_limits");
