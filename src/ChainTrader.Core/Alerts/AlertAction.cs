namespace ChainTrader.Core.Alerts;

public enum AlertAction
{
    None,
    Raise,
    Escalate,
    Recover,
}
