using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Commands;

/// <summary>Handles one or more commands of the catalog. Registered handlers are what "enabled" means for a command.</summary>
public interface ICommandHandler
{
    IReadOnlyCollection<string> Commands { get; }

    Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken);
}
