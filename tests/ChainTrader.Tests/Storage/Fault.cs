namespace ChainTrader.Tests.Storage;

public enum Fault
{
    Throttle429RetryAfterOneSecond,
    Unavailable503,
    ServerError500NotApplied,
    BadRequest400,
    ConnectionRefused,
    ApplyThenDropResponse,
}
