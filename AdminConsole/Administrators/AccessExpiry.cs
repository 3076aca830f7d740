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
    ILogger<AccessExpiry> log) : RepeatingService(log)
{
    protected override string Work => "Expiring administrator accesses";
    protected override Task DoWorkAsync(CancellationToken ct) => RunOnceAsync(ct);
    protected override Task WaitAsync(CancellationToken ct) => Task.Delay(TimeSpan.FromSeconds(30), ct);

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AdministratorService.ExpireDueAsync(db, notifier, outbox, time.UtcNow(), L, ct);
    }
}
