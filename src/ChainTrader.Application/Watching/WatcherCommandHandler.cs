using ChainTrader.Core.Commands;
using ChainTrader.Application.Commands;

namespace ChainTrader.Application.Watching;

/// <summary>The watcher's commands in the command framework: the reply goes out as the update's one reply.</summary>
public sealed class WatcherCommandHandler(WatcherCommands watcher) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands => WatcherCommands.Names;

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        if (command is not WatcherCommand { Arguments: var args })
            throw new ArgumentException($"{nameof(WatcherCommandHandler)} got /{command.Name} as {command.GetType().Name}, not a {nameof(WatcherCommand)}.", nameof(command));
        var reply = await watcher.HandleAsync(command.Name, context.UserId, context.ChatId, args, cancellationToken);
        await context.ReplyAsync(reply, cancellationToken);
    }
}
