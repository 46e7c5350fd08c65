using System.Reflection;
using System.Text;
using ChainTrader.Application.Audit;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Health;

namespace ChainTrader.Application.Commands;

/// <summary>
/// /system_status: version, gates, uptime and every readiness check (storage, RPC, ...), each
/// check limited to <see cref="CheckBudget"/> so the webhook still answers within a second.
/// </summary>
public sealed class SystemStatusHandler(IRuntimeGates gates, ReadinessProbe readiness, AppUptime uptime, ConfigurationFingerprint fingerprint)
    : ICommandHandler
{
    public static readonly TimeSpan CheckBudget = TimeSpan.FromMilliseconds(600);

    public IReadOnlyCollection<string> Commands { get; } = ["system_status"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var report = readiness.RunAsync(cancellationToken, CheckBudget);
        var text = new StringBuilder("<b>System status</b>\n");
        text.Append($"Version: <code>{TelegramHtml.Escape(Version)}</code>\n");
        var up = uptime.Uptime;
        text.Append($"Uptime: {(int)up.TotalDays}d {up.Hours}h {up.Minutes}m {up.Seconds}s\n");
        text.Append($"Config hash: <code>{fingerprint.Hash[..16]}</code>\n\n");
        try
        {
            text.Append(GateText.Describe(await gates.CurrentAsync(cancellationToken))).Append('\n');
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            text.Append($"Gates: unreadable ({TelegramHtml.Escape(ex.Message)}); trading must be treated as halted.\n");
        }
        text.Append('\n');
        var checks = await report;
        if (checks.Checks.Count == 0)
            text.Append("Readiness checks: none registered in this deployment.");
        foreach (var check in checks.Checks)
            text.Append($"{(check.Healthy ? "✅" : "❌")} {TelegramHtml.Escape(check.Name)}: {TelegramHtml.Escape(check.Detail)} ({check.ElapsedMs} ms)\n");
        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }

    public static string Version =>
        typeof(SystemStatusHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemStatusHandler).Assembly.GetName().Version?.ToString() ?? "unknown";
}
