using System.Globalization;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Administrators;

/// <summary>
/// E-mails 14 days and 1 day before an administrator access ends, to the enrolled partner's legal representatives and
/// the company's own users (who can extend it under Administrators). Each is sent once per end date: a
/// <see cref="SentNotice"/> keyed by access, end date and threshold commits with its e-mails, so a second node or a
/// restart cannot send it again, and an extended access is reminded again before its new end.
/// </summary>
public sealed class AccessReminders(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    PublicLinks links,
    TimeProvider time,
    IStringLocalizer<SharedResource> L,
    ILogger<AccessReminders> log) : RepeatingService(log)
{
    public static readonly int[] DaysBefore = [14, 1];

    protected override string Work => "Reminding of administrator accesses that end soon";
    protected override Task DoWorkAsync(CancellationToken ct) => RunOnceAsync(ct);
    protected override Task WaitAsync(CancellationToken ct) => Task.Delay(TimeSpan.FromSeconds(30), ct);

    private sealed record Due(int AccessId, int CompanyId, string CompanyName, string Country, int PartnerId,
        string AdministratorName, DateTime ExpiresAt);

    /// <summary>Sends what is due now; returns how many reminders this call sent (not those another node sent).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = time.UtcNow();
        var sent = 0;
        foreach (var days in DaysBefore)
        {
            // ExpiresAt is the first day without access; the 14-day notice is not sent when the 1-day one is due.
            var (after, until) = (days == 1 ? now : now.AddDays(1), now.AddDays(days));
            List<Due> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                due = await db.AdministratorAccesses.AsNoTracking().Where(ActiveAccess.At(now))
                    .Where(a => a.ExpiresAt > after && a.ExpiresAt <= until)
                    .Select(a => new Due(a.Id, a.CompanyId, a.Company.Name, a.Company.Country, a.PartnerId,
                        a.Partner.AdministratorName, a.ExpiresAt!.Value))
                    .ToListAsync(ct);
            foreach (var access in due)
                if (await SendOnceAsync(access, days, now, ct))
                    sent++;
        }
        if (sent > 0)
            outbox.Nudge();
        return sent;
    }

    public static string KeyOf(int accessId, DateTime expiresAt, int days) =>
        $"access-ends:{accessId}:{expiresAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}:{days}";

    private async Task<bool> SendOnceAsync(Due access, int days, DateTime now, CancellationToken ct)
    {
        var key = KeyOf(access.AccessId, access.ExpiresAt, days);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SentNotices.AnyAsync(n => n.Key == key, ct))
            return false;
        db.SentNotices.Add(new SentNotice { Key = key, SentAt = now });
        var lastDay = access.ExpiresAt.AddDays(-1);
        var link = links.To($"companies/{access.CompanyId}/settings/administrators");
        await EmailOutbox.EnqueueForPartnerLeadersAsync(db, access.PartnerId, now, access.CompanyId, () => (
            Subject(access.CompanyName, days),
            string.Join("\n", L["Your access as {0} to {1} ends after {2:d}.", access.AdministratorName, access.CompanyName, lastDay],
                "", L["Only the company can extend it: ask its superuser to change the last day under Administrators."])), ct);
        var people = await db.Users.Where(u => u.CompanyId == access.CompanyId && u.Email != null)
            .Select(u => new { u.Email, u.DisplayName, u.Language }).ToListAsync(ct);
        foreach (var person in people)
        {
            using var _ = Languages.Speak(Languages.ForRecipient(person.Language, access.Country));
            EmailOutbox.Enqueue(db, now, person.Email!, person.DisplayName, Subject(access.CompanyName, days),
                string.Join("\n", L["{0} can administer {1} until {2:d}.", access.AdministratorName, access.CompanyName, lastDay], "",
                    L["To extend the access, sign in and change its last day under Administrators:"], link),
                access.CompanyId);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Saving.IsDuplicate(e))
        {
            return false;   // another node sent it a moment ago
        }
    }

    private string Subject(string company, int days) => days == 1
        ? L["Administrator access to {0} ends tomorrow", company]
        : L["Administrator access to {0} ends in {1} days", company, days];
}
