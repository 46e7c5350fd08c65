using System.Net;

namespace ChainTrader.Application.Operations;

/// <summary>
/// On the Telegram Bot API client: counts failed exchanges (transport errors, timeouts, 429, 5xx, 401/404 for a bad
/// token or URL). 400 and 403 are answers about one request or chat (bad markup, a user who blocked the bot), not about
/// the API's health, so they are not counted.
/// </summary>
public sealed class TelegramErrorSignalHandler(OperationalSignals signals) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            signals.Record(SignalKind.TelegramError);
            throw;
        }
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Forbidden))
            signals.Record(SignalKind.TelegramError);
        return response;
    }
}
