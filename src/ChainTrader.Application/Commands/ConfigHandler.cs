using System.Text;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Application.Commands;

/// <summary>
/// /config (admins; the dispatcher enforces the role): the configuration hash and every effective setting, secrets as
/// "set" / "not set" only. A listing longer than one Telegram message continues in further messages, each keyed from
/// the update, so a re-run sends none of them twice.
/// </summary>
public sealed class ConfigHandler(ConfigurationFingerprint fingerprint, INotifier notifier) : ICommandHandler
{
    /// <summary>Telegram shows at most 4096 characters; the listing is cut well below that, at whole lines.</summary>
    public const int MaxPartLength = 3500;

    public IReadOnlyCollection<string> Commands { get; } = ["config"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var parts = Render(fingerprint);
        await context.ReplyAsync(parts[0], cancellationToken);
        for (var i = 1; i < parts.Count; i++)
            await notifier.EnqueueAsync(new OutboundMessage(context.ChatId, $"{context.ReplyKey}:part{i + 1}", parts[i]), cancellationToken);
    }

    /// <summary>The reply: a header with the hash, then the settings as NAME=value lines in preformatted blocks.</summary>
    public static IReadOnlyList<string> Render(ConfigurationFingerprint fingerprint)
    {
        var header = $"<b>Configuration</b>, hash <code>{fingerprint.Hash}</code>\n"
                     + "(SHA-256 of the non-secret settings; audit events carry it. Secrets show only set / not set.)\n";
        var parts = new List<string>();
        var block = new StringBuilder();
        var prefix = header;
        foreach (var setting in fingerprint.Settings)
        {
            var line = TelegramHtml.Escape($"{setting.Name}={(setting.Value.Length == 0 ? "(empty)" : setting.Value)}") + "\n";
            if (block.Length > 0 && prefix.Length + block.Length + line.Length > MaxPartLength)
            {
                parts.Add($"{prefix}<pre>{block.ToString().TrimEnd()}</pre>");
                block.Clear();
                prefix = "<b>Configuration</b> (continued)\n";
            }
            block.Append(line);
        }
        parts.Add(block.Length == 0 ? header.TrimEnd() : $"{prefix}<pre>{block.ToString().TrimEnd()}</pre>");
        return parts;
    }
}
