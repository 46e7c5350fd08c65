using System.Text;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Functions.Commands;

/// <summary>/start and /help: who you are to the bot and the commands your role may use.</summary>
public sealed class StartHelpHandler(IServiceProvider services) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["start", "help"];

    public Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        if (context.Role == UserRole.Stranger && command is StartCommand)
            return context.ReplyAsync(
                "Hello! ChainTrader is a private trading desk, open only to the traders on its list. " +
                $"If you should have access, give an operator your Telegram user id <code>{context.UserId}</code>. " +
                "Anyone may watch wallets and look up transactions here: send /help.", cancellationToken);
        return command is StartCommand
            ? context.ReplyAsync($"Welcome to ChainTrader. You are signed in as a <b>{UpdateDispatcher.RoleName(context.Role)}</b> " +
                                 $"(user id <code>{context.UserId}</code>). Send /help for your commands.", cancellationToken)
            : context.ReplyAsync(Help(context.Role), cancellationToken);
    }

    /// <summary>The role's commands in catalog order; those without a handler here are marked so nobody relies on them.</summary>
    public string Help(UserRole role)
    {
        var registry = services.GetRequiredService<CommandRegistry>();
        var text = new StringBuilder($"<b>Commands for a {UpdateDispatcher.RoleName(role)}</b>\n");
        foreach (var info in CommandCatalog.For(role))
        {
            text.Append('\n').Append(TelegramHtml.Escape(info.Usage)).Append(" — ").Append(TelegramHtml.Escape(info.Description));
            if (!registry.IsEnabled(info.Name)) text.Append(" <i>(not enabled in this deployment)</i>");
        }
        return text.ToString();
    }
}
