using System.Text;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;

namespace ChainTrader.Application.Commands;

/// <summary>/start and /help: who you are to the bot, the mode the desk trades in, and the commands your role may use, grouped.</summary>
public sealed class StartHelpHandler(IServiceProvider services) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["start", "help"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        if (context.Role == UserRole.Stranger && command is StartCommand)
        {
            await context.ReplyAsync(
                "Hello! ChainTrader is a private trading desk, open only to the traders on its list. " +
                $"If you should have access, give an operator your Telegram user id <code>{context.UserId}</code>. " +
                "Anyone may watch wallets and look up transactions here: send /help.", cancellationToken);
            return;
        }
        if (command is not StartCommand)
        {
            await context.ReplyAsync(Help(context.Role), cancellationToken);
            return;
        }
        var mode = (await services.GetRequiredService<IRuntimeGates>().CurrentAsync(cancellationToken)).Mode;
        await context.ReplyAsync($"Welcome to ChainTrader. You are signed in as <b>{UpdateDispatcher.WithArticle(context.Role)}</b> " +
                                 $"(user id <code>{context.UserId}</code>).\n{ModeLine(mode)}\nSend /help for your commands.", cancellationToken);
    }

    /// <summary>What the mode means for a trade confirmed now, in one line.</summary>
    public static string ModeLine(ExecutionMode mode) => mode switch
    {
        ExecutionMode.Live => "The desk is in <b>LIVE</b> mode: a confirmed trade sends real transactions with real funds.",
        ExecutionMode.Paper => "The desk is in <b>PAPER</b> mode: a confirmed trade fills at its quote in the PAPER book; nothing is sent.",
        _ => "The desk is in <b>DRY_RUN</b> mode: a confirmed trade is signed and simulated, never sent.",
    };

    /// <summary>
    /// The role's commands in catalog order, grouped by who may use them (everyone, traders, admins); those without a
    /// handler here are marked so nobody relies on them.
    /// </summary>
    public string Help(UserRole role)
    {
        var registry = services.GetRequiredService<CommandRegistry>();
        var text = new StringBuilder($"<b>Commands for {UpdateDispatcher.WithArticle(role)}</b>");
        foreach (var group in CommandCatalog.For(role).GroupBy(c => c.MinimumRole == UserRole.SuperAdmin ? UserRole.Admin : c.MinimumRole))
        {
            text.Append("\n\n<b>").Append(GroupName(group.Key)).Append("</b>");
            foreach (var info in group)
            {
                text.Append('\n').Append(TelegramHtml.Escape(info.Usage)).Append(" — ").Append(TelegramHtml.Escape(info.Description));
                if (!registry.IsEnabled(info.Name)) text.Append(" <i>(not enabled in this deployment)</i>");
            }
        }
        return text.ToString();
    }

    private static string GroupName(UserRole role) => role switch
    {
        UserRole.Stranger => "Everyone",
        UserRole.Trader => "Trading",
        _ => "Admin",
    };
}
