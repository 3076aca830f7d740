using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Administrators;

/// <summary>
/// Ends accesses whose end date has passed, recording them as Expired. Queries already treat a passed end
/// date as ended, so a person loses the company at once; this records it, e-mails and updates open consoles.
/// </summary>
public sealed class AccessExpiry(
    IDbContextFactory<AppDbContext> dbFactory,
    ChangeNotifier notifier,
    EmailOutbox outbox,
    TimeProvider time,
    IStringLocalizer<SharedResource> L,
    ILogger<AccessExpiry> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Expiring administrator accesses failed; will try again");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // the host is stopping
        }
    }

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AdministratorService.ExpireDueAsync(db, notifier, outbox, time.UtcNow(), L, ct);
    }
}
