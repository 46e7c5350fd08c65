namespace ChainTrader.Adapters.Telegram;

/// <summary>Where the Bot API is and which bot speaks (the library's own options are built from these per client).</summary>
public sealed class TelegramBotApiOptions
{
    public const string DefaultBaseUrl = "https://api.telegram.org";

    /// <summary>Bot API root; a local stand-in in development and tests.</summary>
    public Uri BaseUrl { get; set; } = new(DefaultBaseUrl);

    /// <summary>The bot token (a secret: it travels in the URL path, so URLs are never logged).</summary>
    public string Token { get; set; } = "";

    /// <summary>How long one Bot API call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"TelegramBotApiOptions({BaseUrl}, token {(Token.Length == 0 ? "missing" : "set")})";
}
