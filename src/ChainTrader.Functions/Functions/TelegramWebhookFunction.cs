using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Dedupe;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ChainTrader.Application.Trades;

namespace ChainTrader.Functions.Functions;

/// <summary>POST /telegram/webhook: one Telegram update (see <see cref="TelegramWebhookEndpoint"/>).</summary>
public sealed class TelegramWebhookFunction(IOptions<ChainTraderOptions> options, DedupeStore dedupe, UpdateDispatcher dispatcher, DurableClientAccess durable,
    ILogger<UpdateDispatcher> logger)
{
    [Function("TelegramWebhook")]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "telegram/webhook")] HttpRequest request,
        [DurableClient] DurableTaskClient trades, CancellationToken cancellationToken) =>
        durable.RunAsync(trades, () => TelegramWebhookEndpoint.HandleAsync(request, options, dedupe, dispatcher, logger, cancellationToken));
}
