namespace ChainTrader.Core.Commands;

/// <summary>What a Telegram user may do. Each role includes everything the roles below it may do.</summary>
public enum UserRole
{
    /// <summary>Not on any list: may read /start and /help, nothing else.</summary>
    Stranger = 0,
    /// <summary>Allow-listed trader (ALLOWED_USER_IDS).</summary>
    Trader = 1,
    /// <summary>ADMIN_USER_IDS: operates the desk; may make it safer, never riskier.</summary>
    Admin = 2,
    /// <summary>SUPER_ADMIN_IDS: may also resume trading and choose LIVE (with a confirmation).</summary>
    SuperAdmin = 3,
}
