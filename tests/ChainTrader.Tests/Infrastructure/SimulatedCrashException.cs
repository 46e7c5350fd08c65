using System.Collections.Concurrent;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Tests.Infrastructure;

public sealed class SimulatedCrashException() : Exception("Simulated crash while enqueueing a notification.");
