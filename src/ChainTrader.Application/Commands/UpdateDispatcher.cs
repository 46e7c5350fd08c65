using System.Diagnostics;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.Options;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChainTrader.Application.Commands;

/// <summary>
/// Turns one Telegram update into its effects: parses the command, checks the sender's role, and hands it to the
/// registered handler; button presses go by their callback data to <see cref="TradeButtonHandler"/> (trade quotes),
/// <see cref="CardButtonHandler"/> (sell and refresh on trade and position cards) or
/// <see cref="LiveConfirmationHandler"/>. Returns the Bot API call to put in
/// the webhook's answer, if any.
/// </summary>
public sealed class UpdateDispatcher(
    CommandRegistry registry,
    LiveConfirmationHandler confirmations,
    TradeButtonHandler tradeButtons,
    CardButtonHandler cardButtons,
    INotifier notifier,
    UserDirectory users,
    AuditLog audit,
    IOptions<ChainTraderOptions> options,
    ILogger<UpdateDispatcher> logger)
{
    public async Task<AnswerCallbackQueryRequest?> DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.CallbackQuery is { } callback)
        {
            if (TradeMessages.IsTradeButton(callback.Data)) return await tradeButtons.HandleAsync(callback, cancellationToken);
            if (TradeMessages.IsCardButton(callback.Data)) return await cardButtons.HandleAsync(update.Id, callback, TraceId(update.Id), cancellationToken);
            return await confirmations.HandleAsync(update.Id, callback, TraceId(update.Id), cancellationToken);
        }

        if (update.Message is not { From: { IsBot: false } from } message)
            return null; // edited messages, channel posts, service messages: nothing to do

        var settings = options.Value;
        var role = users.RoleOf(from.Id);
        var context = new CommandContext(update.Id, message.Chat.Id, from.Id, role, TraceId(update.Id), notifier);
        var outcome = CommandParser.Parse(message.Text, settings.TelegramBotUsername.Length == 0 ? null : settings.TelegramBotUsername.TrimStart('@'));
        switch (outcome)
        {
            case AddressedToAnotherBot:
                return null;
            case ParseError when role == UserRole.Stranger:
                await context.ReplyAsync(StrangerRefusal(from.Id), cancellationToken);
                return null;
            case ParsedCommand { Command: var forbidden } when role == UserRole.Stranger && CommandCatalog.Get(forbidden.Name).MinimumRole > UserRole.Stranger:
                await AuditRefusalAsync(context, CommandCatalog.Get(forbidden.Name), "not on the allow-list", cancellationToken);
                await context.ReplyAsync(StrangerRefusal(from.Id), cancellationToken);
                return null;
            case ParseError error:
                await context.ReplyAsync(TelegramHtml.Escape(error.Message), cancellationToken);
                return null;
            case ParsedCommand { Command: var command }:
                await RunAsync(context, command, AdminChats.Allows(message.Chat.Id, message.Chat.Type == ChatType.Private ? AdminChats.PrivateChatType : null, from.Id, settings.AdminChat()), cancellationToken);
                return null;
            default:
                throw new InvalidOperationException($"Unexpected parse outcome {outcome.GetType().Name}.");
        }
    }

    public static string StrangerRefusal(long userId) =>
        "Sorry, this is a private trading desk and your account is not on its list. " +
        $"If you should have access, give an operator your Telegram user id <code>{userId}</code>.";

    /// <param name="inAdminChat">The update came from the sender's own private chat or the admin chat (<see cref="AdminChats"/>).</param>
    private async Task RunAsync(CommandContext context, ChatCommand command, bool inAdminChat, CancellationToken cancellationToken)
    {
        var info = CommandCatalog.Get(command.Name);
        if (info.MinimumRole > context.Role)
        {
            await AuditRefusalAsync(context, info, $"needs the {RoleName(info.MinimumRole)} role", cancellationToken);
            await context.ReplyAsync($"/{info.Name} is for {RoleName(info.MinimumRole)}s; you are {WithArticle(context.Role)}. Send /help for your commands.", cancellationToken);
            return;
        }
        if (info.MinimumRole >= UserRole.Admin && !inAdminChat)
        {
            await AuditRefusalAsync(context, info, $"sent from chat {context.ChatId}, which is neither the sender's private chat nor the admin chat", cancellationToken);
            var where = options.Value.AdminChat() is null ? "your private chat with the bot" : "your private chat with the bot or in the admin chat";
            await context.ReplyAsync($"/{info.Name} is an admin command: it runs only in {where}. Nothing was changed; send it there.", cancellationToken);
            return;
        }
        var handler = registry.Find(command.Name);
        if (handler is null)
        {
            await context.ReplyAsync($"/{info.Name} is not enabled in this deployment yet. Send /help to see which commands are.", cancellationToken);
            return;
        }
        logger.LogInformation("Update {UpdateId}: /{Command} from user {UserId} ({Role})", context.UpdateId, info.Name, context.UserId, context.Role);
        if (!info.ReadsChainLive)
        {
            await handler.HandleAsync(context, command, cancellationToken);
            return;
        }

        // A latency bound on the answer to Telegram, so it is wall-clock time, not the injected business clock. These
        // commands only read, so cutting one short changes nothing.
        var budget = TimeSpan.FromMilliseconds(options.Value.CommandRpcBudgetMs);
        using var withinBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinBudget.CancelAfter(budget);
        try
        {
            await handler.HandleAsync(context, command, withinBudget.Token);
        }
        catch (OperationCanceledException) when (withinBudget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Update {UpdateId}: /{Command} ran out of its {BudgetMs} ms RPC budget", context.UpdateId, info.Name, options.Value.CommandRpcBudgetMs);
            await context.ReplyAsync($"/{info.Name}: the chain's RPC did not answer within {budget.TotalSeconds:0.###} s, so there is no answer yet. " +
                                     "Nothing was changed; try again in a moment (admins: /system_status shows RPC health).", cancellationToken);
        }
    }

    /// <summary>Admin commands refused to their sender are audited like refused gate changes (one row per update).</summary>
    private async Task AuditRefusalAsync(CommandContext context, CommandInfo info, string reason, CancellationToken cancellationToken)
    {
        if (info.MinimumRole < UserRole.Admin) return;
        logger.LogWarning("Update {UpdateId}: /{Command} from user {UserId} ({Role}) in chat {ChatId} refused: {Reason}",
            context.UpdateId, info.Name, context.UserId, context.Role, context.ChatId, reason);
        await audit.RecordAsync(new AuditEvent(context.UserId, context.Role, info.Name, null, null, "refused", context.Cause, context.TraceId, reason), cancellationToken);
    }

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.SuperAdmin => "super-admin",
        UserRole.Admin => "admin",
        UserRole.Trader => "trader",
        _ => "guest",
    };

    /// <summary>The role's name after "a" or "an", as a sentence needs it: "an admin", "a trader".</summary>
    public static string WithArticle(UserRole role) => (role == UserRole.Admin ? "an " : "a ") + RoleName(role);

    private static string TraceId(long updateId) => Activity.Current?.TraceId.ToHexString() ?? $"update:{updateId}";
}
