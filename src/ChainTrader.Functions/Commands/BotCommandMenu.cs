using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Commands;
using TelegramMenuEntry = ChainTrader.Adapters.Telegram.BotCommand;

namespace ChainTrader.Functions.Commands;

/// <summary>
/// Registers the command menu with setMyCommands when the app starts: everyone sees /start and /help; each listed user
/// sees their role's commands in their private chat. Runs in the background so a Telegram outage never delays the
/// start, and retries (1 s doubling to 5 min) until Telegram has taken every list; a refusal (4xx) is logged, not retried.
/// </summary>
public sealed class BotCommandMenu(TelegramBotClient telegram, UserDirectory users, TimeProvider clock, ILogger<BotCommandMenu> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Each scope with the commands it shows, in catalog order.</summary>
    public IReadOnlyList<(BotCommandScope Scope, IReadOnlyList<TelegramMenuEntry> Commands)> Menus() =>
    [
        (BotCommandScope.Default, Entries(UserRole.Stranger)),
        .. users.Listed.Select(user => (BotCommandScope.Chat(user.UserId), Entries(user.Role))),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        foreach (var (scope, commands) in Menus())
        {
            while (true)
            {
                try
                {
                    await telegram.SetMyCommandsAsync(commands, scope, stoppingToken);
                    break;
                }
                catch (TelegramApiException ex) when (ex.ErrorCode is 400 or 401 or 403 or 404)
                {
                    // Telegram refused the list itself (or the token): retrying cannot help.
                    logger.LogError("setMyCommands for scope {Scope} refused: {Code} {Description}", scope.Type, ex.ErrorCode, ex.Description);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("setMyCommands for scope {Scope} failed ({Error}); retrying in {Delay}", scope.Type, ex.Message, delay);
                    await Task.Delay(delay, clock, stoppingToken);
                    delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
                }
            }
        }
        logger.LogInformation("Command menu registered for {Scopes} scopes", Menus().Count);
    }

    private static IReadOnlyList<TelegramMenuEntry> Entries(UserRole role) =>
        CommandCatalog.For(role).Select(c => new TelegramMenuEntry(c.Name, c.Description)).ToList();
}
