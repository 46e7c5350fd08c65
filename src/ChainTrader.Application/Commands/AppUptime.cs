namespace ChainTrader.Application.Commands;

/// <summary>When this instance started, for /system_status's uptime (read from the injected clock at host start).</summary>
public sealed class AppUptime(TimeProvider clock) : IHostedService
{
    public DateTimeOffset StartedAt { get; private set; } = clock.GetUtcNow();

    public TimeSpan Uptime => clock.GetUtcNow() - StartedAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
