namespace ChainTrader.Application.Operations;

/// <summary>What the start-up comparison found.</summary>
public enum ConfigHashOutcome
{
    /// <summary>No hash was stored yet: this one is recorded, nothing is announced.</summary>
    FirstSeen,
    Unchanged,
    /// <summary>The hash differs from the stored one: logged, stored and announced in the admin chat (ADMIN_CHAT_ID).</summary>
    Changed,
}
