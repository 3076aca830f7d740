using System.Globalization;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Audit;

/// <summary>
/// The weekly digest a company can ask for in its access log: on Monday morning (06:00 UTC), how many times partner
/// staff and operators entered it in the week before, to its own users. Once per company and week, on any number of
/// nodes: a <see cref="SentNotice"/> per company and ISO week commits with the e-mails.
/// </summary>
public sealed class AccessDigest(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    PublicLinks links,
    TimeProvider time,
    IStringLocalizer<SharedResource> L,
    ILogger<AccessDigest> log) : RepeatingService(log)
{
    public static readonly TimeSpan SendAfter = TimeSpan.FromHours(6);

    protected override string Work => "Sending weekly access digests";
    protected override Task DoWorkAsync(CancellationToken ct) => RunOnceAsync(ct);
    protected override Task WaitAsync(CancellationToken ct) => Task.Delay(TimeSpan.FromMinutes(1), ct);

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = time.UtcNow();
        var weekStart = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));   // Monday 00:00 UTC
        if (now < weekStart + SendAfter)
            return 0;
        var key = $"access-digest:{{0}}:{ISOWeek.GetYear(now)}-W{ISOWeek.GetWeekOfYear(now):00}";
        List<int> companies;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            companies = await db.Companies.Where(c => c.AccessDigest).Select(c => c.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var company in companies)
            if (await SendOnceAsync(company, string.Format(CultureInfo.InvariantCulture, key, company), weekStart.AddDays(-7), weekStart, now, ct))
                sent++;
        if (sent > 0)
            outbox.Nudge();
        return sent;
    }

    private async Task<bool> SendOnceAsync(int companyId, string key, DateTime from, DateTime until, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SentNotices.AnyAsync(n => n.Key == key, ct))
            return false;
        var company = await db.Companies.Where(c => c.Id == companyId).Select(c => new { c.Name, c.Country }).SingleAsync(ct);
        var entries = await db.AuditEntries.CountAsync(a => a.CompanyId == companyId && a.Action == AccessLogService.Entered && a.ActingForPartnerId != null &&
                                                             a.At >= from && a.At < until, ct);
        db.SentNotices.Add(new SentNotice { Key = key, SentAt = now });
        var people = await db.Users.Where(u => u.CompanyId == companyId && u.Email != null)
            .Select(u => new { u.Email, u.DisplayName, u.Language }).ToListAsync(ct);
        foreach (var person in people)
        {
            using var _ = Languages.Speak(Languages.ForRecipient(person.Language, company.Country));
            EmailOutbox.Enqueue(db, now, person.Email!, person.DisplayName,
                L["{0} entries into {1} last week", entries, company.Name],
                string.Join("\n", L["From {0:d} to {1:d}, partner staff and operators entered {2} {3} times.", from, until.AddDays(-1),
                    company.Name, entries], "", L["Who, when, why and what they changed is in the access log:"],
                    links.To($"companies/{companyId}/settings/access-log")), companyId);
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
}
