using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Functions.Commands;

/// <summary>
/// One command being handled: who sent it, where to answer, and the keys its effects are derived from
/// (docs/architecture.md rule 2: the reply is "reply:{update_id}", state changes are keyed "update:{update_id}").
/// </summary>
public sealed class CommandContext(long updateId, long chatId, long userId, UserRole role, string traceId, INotifier notifier)
{
    public long UpdateId { get; } = updateId;
    public long ChatId { get; } = chatId;
    public long UserId { get; } = userId;
    public UserRole Role { get; } = role;

    /// <summary>The request's trace id, or the update's cause key when no trace is active.</summary>
    public string TraceId { get; } = traceId;

    public string Cause => $"update:{UpdateId}";
    public string ReplyKey => ReplyKeyOf(UpdateId);

    public static string ReplyKeyOf(long updateId) => $"reply:{updateId}";

    /// <summary>Queues the one reply to this update; a re-run queues the same key, which is delivered once.</summary>
    public Task ReplyAsync(string html, CancellationToken cancellationToken, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard = null) =>
        notifier.EnqueueAsync(new OutboundMessage(ChatId, ReplyKey, html, keyboard), cancellationToken);
}

/// <summary>Handles one or more commands of the catalog. Registered handlers are what "enabled" means for a command.</summary>
public interface ICommandHandler
{
    IReadOnlyCollection<string> Commands { get; }

    Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken);
}

/// <summary>Which commands this deployment has handlers for.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ICommandHandler> _handlers = new(StringComparer.Ordinal);

    public CommandRegistry(IEnumerable<ICommandHandler> handlers)
    {
        foreach (var handler in handlers)
        foreach (var name in handler.Commands)
        {
            if (CommandCatalog.Find(name) is null)
                throw new InvalidOperationException($"{handler.GetType().Name} handles /{name}, which is not in the command catalog.");
            if (!_handlers.TryAdd(name, handler))
                throw new InvalidOperationException($"/{name} has two handlers: {_handlers[name].GetType().Name} and {handler.GetType().Name}.");
        }
    }

    public ICommandHandler? Find(string name) => _handlers.GetValueOrDefault(name);

    public bool IsEnabled(string name) => _handlers.ContainsKey(name);
}
