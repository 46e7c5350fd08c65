namespace ChainTrader.Application.Operations;

/// <summary>
/// Writes this instance's signal counts at most every <see cref="OperationalSignals.BucketLength"/>, and only after
/// something was recorded, so the sweep on any instance sees them within one bucket.
/// </summary>
public sealed class SignalFlusher(OperationalSignals signals, TimeProvider clock, ILogger<SignalFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signals.WaitForRecordAsync(stoppingToken);
                await Task.Delay(OperationalSignals.BucketLength, clock, stoppingToken);
                try
                {
                    await signals.FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Kept in memory and written after the next record; a warning, not an error, so a storage outage
                    // does not feed the exception count it would otherwise inflate.
                    logger.LogWarning("Writing operational signals failed ({Error}); they stay in memory until the next write", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
