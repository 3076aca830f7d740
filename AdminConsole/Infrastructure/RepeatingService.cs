namespace AdminConsole.Infrastructure;

/// <summary>
/// A hosted loop: does its work, logs and survives a failure, waits (a fixed interval or a wake-up), and again,
/// until the host stops. The expiry sweeper, the outbox dispatcher and the live-connection re-check are all one.
/// </summary>
public abstract class RepeatingService(ILogger log) : BackgroundService
{
    /// <summary>What the loop does, for the log ("Expiring administrator accesses").</summary>
    protected abstract string Work { get; }

    protected abstract Task DoWorkAsync(CancellationToken ct);

    /// <summary>Waits before the next round.</summary>
    protected abstract Task WaitAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DoWorkAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.BackgroundWorkFailed(e, Work);
                }
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
    }
}
