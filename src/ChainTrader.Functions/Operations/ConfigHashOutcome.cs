using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Audit;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Notifications;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Operations;

/// <summary>What the start-up comparison found.</summary>
public enum ConfigHashOutcome
{
    /// <summary>No hash was stored yet: this one is recorded, nothing is announced.</summary>
    FirstSeen,
    Unchanged,
    /// <summary>The hash differs from the stored one: logged, stored and announced to ADMIN_USER_IDS.</summary>
    Changed,
}
