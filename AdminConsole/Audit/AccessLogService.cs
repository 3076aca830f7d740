using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Audit;

/// <summary>One entry into the company: who, for whom, when, why, and what they changed before leaving.</summary>
public sealed record AccessVisit(ActivityRow Entry, bool ByOperator, IReadOnlyList<ActivityRow> Changes);

public sealed record AccessLogView(IReadOnlyList<AccessVisit> Visits, long? OlderThan, bool Digest, bool CanChooseDigest);

/// <summary>
/// A company's access log ("Company → Access log"): every entry into it by partner staff and operators, newest first,
/// with the reason given and the changes made during that visit. For the company's own users, the reseller of record
/// and operators; an enrolled partner reads its own entries on the Activity page.
/// </summary>
public sealed class AccessLogService(
    AccessPolicy policy,
    ActivityService activity,
    IDbContextFactory<AppDbContext> dbFactory,
    ChangeNotifier notifier,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public const string Entered = "company.entered";
    public const int PageSize = 20;

    public async Task<AccessLogView> GetAsync(int companyId, long? before = null, CancellationToken ct = default)
    {
        var (permit, company) = await DemandReaderAsync(companyId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await db.AuditEntries.AsNoTracking()
            // Entries by partner staff and operators (who act for a partner); the company's own people are not visitors.
            .Where(a => a.CompanyId == companyId && a.Action == Entered && a.ActingForPartnerId != null &&
                        (before == null || a.Id < before))
            .OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(ct);
        var page = entries.Take(PageSize).ToList();
        var visitIds = page.Where(e => e.VisitId != null).Select(e => e.VisitId!).ToList();
        var changes = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.VisitId != null && visitIds.Contains(a.VisitId) && a.Action != Entered)
                .OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.VisitId!);
        var visits = page.Select(e => new AccessVisit(activity.RowOf(e, company.Name), AuditLog.ByOperator(e.ActingFor),
                changes[e.VisitId ?? ""].Select(c => activity.RowOf(c, company.Name)).ToList()))
            .ToList();
        return new AccessLogView(visits, entries.Count > PageSize ? page[^1].Id : null, company.AccessDigest,
            permit.Actor.IsCompanyUser);
    }

    /// <summary>The weekly digest of entries, on or off: the company's own users choose it.</summary>
    public async Task SetDigestAsync(int companyId, bool on, CancellationToken ct = default)
    {
        var (permit, _) = await DemandReaderAsync(companyId, ct);
        if (!permit.Actor.IsCompanyUser)
            throw new ForbiddenProblem(L["Only the company's own users choose the weekly digest."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.SingleAsync(c => c.Id == companyId, ct);
        if (company.AccessDigest == on)
            return;
        AuditLog.Record(db, permit, "company.digest-changed", time.UtcNow(), new { Digest = company.AccessDigest }, new { Digest = on });
        company.AccessDigest = on;
        await db.SaveSafelyAsync(L, ct);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
    }

    private async Task<(CompanyPermit, Company)> DemandReaderAsync(int companyId, CancellationToken ct)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Id == companyId, ct);
        if (!AccessPolicy.ReadsAccessLog(permit, company.PartnerId))
            throw new ForbiddenProblem(L["The access log is for the company itself and its reseller of record."]);
        return (permit, company);
    }
}
