using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Commands;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace ChainTrader.Application.Commands;

/// <summary>
/// Registers the command menu with setMyCommands when the app starts: everyone sees the guests' commands (/start, /help,
/// the watcher); each listed user sees their role's commands in their private chat, and each admin also in the admin chat
/// (ADMIN_CHAT_ID, as that chat's member: other members keep the guests' menu), so admin commands appear only for admins.
/// Runs in the background so a Telegram outage never delays the start, and retries (1 s doubling to 5 min) until
/// Telegram has taken every list; a refusal (4xx) is logged, not retried.
/// </summary>
public sealed class BotCommandMenu(TelegramBotApi telegram, UserDirectory users, IOptions<ChainTraderOptions> options, TimeProvider clock,
    ILogger<BotCommandMenu> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Each scope with the commands it shows, in catalog order.</summary>
    public IReadOnlyList<(BotCommandScope Scope, IReadOnlyList<BotCommand> Commands)> Menus()
    {
        List<(BotCommandScope, IReadOnlyList<BotCommand>)> menus = [(BotCommandScope.Default(), Entries(UserRole.Stranger))];
        menus.AddRange(users.Listed.Select(user => ((BotCommandScope)BotCommandScope.Chat(user.UserId), Entries(user.Role))));
        // A chat-member scope exists only in groups (negative ids); an admin's private chat already has its chat scope.
        if (options.Value.AdminChat() is { } adminChat && adminChat < 0)
        {
            menus.AddRange(users.Listed.Where(user => user.Role >= UserRole.Admin)
                .Select(admin => ((BotCommandScope)BotCommandScope.ChatMember(adminChat, admin.UserId), Entries(admin.Role))));
        }
        return menus;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        var menus = Menus();
        foreach (var (scope, commands) in menus)
        {
            while (true)
            {
                try
                {
                    await telegram.Client().SetMyCommands(commands, scope, cancellationToken: stoppingToken);
                    break;
                }
                catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 401 or 403 or 404)
                {
                    // Telegram refused the list itself (or the token): retrying cannot help.
                    logger.LogError("setMyCommands for scope {Scope} refused: {Code} {Description}", scope.Type, ex.ErrorCode, ex.Message);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A 429 says how long to wait; waiting less would only be refused again.
                    var wait = ex is ApiRequestException { Parameters.RetryAfter: { } retryAfter } && TimeSpan.FromSeconds(retryAfter) > delay
                        ? TimeSpan.FromSeconds(retryAfter)
                        : delay;
                    logger.LogWarning("setMyCommands for scope {Scope} failed ({Error}); retrying in {Delay}", scope.Type, ex.Message, wait);
                    await Task.Delay(wait, clock, stoppingToken);
                    delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
                }
            }
        }
        logger.LogInformation("Command menu registered for {Scopes} scopes", menus.Count);
    }

    private static IReadOnlyList<BotCommand> Entries(UserRole role) =>
        CommandCatalog.For(role).Select(c => new BotCommand(c.Name, c.Description)).ToList();
}
