using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Commands;

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
