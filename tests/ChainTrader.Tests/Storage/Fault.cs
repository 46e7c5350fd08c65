using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;

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
