using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Administrators;

public enum AccessState
{
    Active,
    Revoked,
    Expired,
}

public sealed record EnrolledAdministrator(
    int AccessId,
    int PartnerId,
    string AdministratorName,
    string PartnerName,
    AccessRight Rights,
    string GrantedBy,
    DateTime GrantedAt,
    DateTime? ExpiresAt,
    long Version,
    bool CanChange);

public sealed record AccessHistoryItem(
    string AdministratorName,
    AccessRight Rights,
    string GrantedBy,
    DateTime GrantedAt,
    AccessState State,
    DateTime? EndedAt,
    string? EndedBy);

public sealed record CompanyAdministrators(
    int CompanyId,
    string OwnerPartner,
    bool CanManage,
    AccessRight Grantable,
    IReadOnlyList<EnrolledAdministrator> Enrolled,
    IReadOnlyList<AccessHistoryItem> History);

public sealed record DirectoryEntry(int PartnerId, string AdministratorName, int? AccessId);

/// <summary>The rights chosen in the Select dialog, and an optional last day of access.</summary>
public sealed record AccessGrant(AccessRight Rights, DateOnly? EndsOn);

/// <summary>
/// Company → Administrators: which partners may administer a company ("Tilmeldte administratorer").
/// Selecting and deselecting creates and ends an <see cref="AdministratorAccess"/>; it never touches the company's own data.
/// </summary>
public sealed class AdministratorService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    ChangeNotifier notifier,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public async Task<CompanyAdministrators> GetAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var owner = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Partner.Name).SingleAsync(ct);
        var rows = await db.AdministratorAccesses.AsNoTracking().Where(a => a.CompanyId == companyId)
            .OrderByDescending(a => a.GrantedAt).ThenByDescending(a => a.Id)
            .Select(a => new { Access = a, a.Partner.AdministratorName, PartnerName = a.Partner.Name })
            .Take(200).ToListAsync(ct);
        var canManage = permit.Can(AccessRight.ManageAdministrators);
        // Newest first (rows are read that way), as the source article says: a newly selected one appears on top.
        var enrolled = rows.Where(r => r.Access.IsActive(now))
            .Select(r => new EnrolledAdministrator(r.Access.Id, r.Access.PartnerId, r.AdministratorName, r.PartnerName,
                r.Access.Rights, r.Access.GrantedByName, r.Access.GrantedAt, r.Access.ExpiresAt, r.Access.Version,
                canManage && !AccessPolicy.IsOwnEnrolment(permit, r.Access.PartnerId)))
            .ToList();
        var history = rows.Select(r => new AccessHistoryItem(r.AdministratorName, r.Access.Rights, r.Access.GrantedByName,
            r.Access.GrantedAt, StateOf(r.Access, now), r.Access.EndedAt ?? (StateOf(r.Access, now) == AccessState.Expired ? r.Access.ExpiresAt : null),
            r.Access.EndedByName)).ToList();
        return new CompanyAdministrators(companyId, owner, canManage, canManage ? permit.Rights : AccessRight.None, enrolled, history);
    }

    /// <summary>The administrator directory: partners by public administrator name, case-insensitive substring, paged.</summary>
    public async Task<PagedResult<DirectoryEntry>> SearchAsync(int companyId, string? term, int page, int pageSize = 10,
        CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageAdministrators, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var ownerId = await db.Companies.Where(c => c.Id == companyId).Select(c => c.PartnerId).SingleAsync(ct);
        // Neither the owner nor the searcher's own partner can be selected here.
        var self = permit.Actor.PartnerId ?? 0;
        var partners = db.Partners.AsNoTracking().Where(p => p.Id != ownerId && p.Id != self);
        if (TextRules.SearchTerm(term) is { } clean)
        {
            var lower = clean.ToLowerInvariant();
            partners = partners.Where(p => p.AdministratorName.ToLower().Contains(lower));
        }
        var total = await partners.CountAsync(ct);
        page = Paging.Clamp(page, total, pageSize);
        var items = await partners.OrderBy(p => p.AdministratorName).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new DirectoryEntry(p.Id, p.AdministratorName,
                db.AdministratorAccesses.Where(ActiveAccess.At(now)).Where(a => a.CompanyId == companyId && a.PartnerId == p.Id)
                    .Select(a => (int?)a.Id).FirstOrDefault()))
            .ToListAsync(ct);
        return new PagedResult<DirectoryEntry>(items, total, page, pageSize);
    }

    /// <summary>Select ("Vælg"): enrols the partner with the chosen rights and optional end date.</summary>
    public async Task SelectAsync(int companyId, int partnerId, AccessGrant grant, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageAdministrators, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var company = await db.Companies.AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new { c.Name, c.PartnerId }).SingleAsync(ct);
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct)
                      ?? throw new NotFoundProblem(L["There is no such administrator in the directory."]);
        var expires = Validate(grant, now, company.PartnerId == partnerId);
        policy.DemandMayEnrol(permit, partnerId, grant.Rights | AccessRight.ViewCompany);
        if (await db.AdministratorAccesses.Where(ActiveAccess.At(now))
                .AnyAsync(a => a.CompanyId == companyId && a.PartnerId == partnerId, ct))
            throw new ConflictProblem(L["{0} is already enrolled.", partner.AdministratorName]);

        var access = new AdministratorAccess
        {
            CompanyId = companyId, PartnerId = partnerId, Rights = grant.Rights | AccessRight.ViewCompany,
            GrantedByUserId = permit.Actor.UserId, GrantedByName = permit.Actor.DisplayName, GrantedAt = now,
            ExpiresAt = expires,
        };
        db.AdministratorAccesses.Add(access);
        AuditLog.Record(db, permit, "administrator.selected", now, after: Describe(partner.AdministratorName, access));
        await EmailOutbox.EnqueueForPartnerLeadersAsync(db, partnerId, now, companyId,
            () => (L["You were granted administrator access to {0}", company.Name],
            L["{0} ({1}) granted {2} administrator access to {3}. Rights: {4}.{5}", permit.Actor.DisplayName, AuditLog.Shown(permit.ActingFor, L),
                partner.AdministratorName, company.Name, policy.RightsText(access.Rights),
                expires is null ? "" : " " + L["The access ends on {0:d}.", expires.Value.AddDays(-1)]]), ct);
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
        await notifier.PublishCompanyAsync(db, ChangeKind.AdministratorsChanged, companyId, ct, partnerId);
    }

    /// <summary>Changes an enrolment's rights or end date (e.g. narrowing them).</summary>
    public async Task ChangeAsync(int companyId, int accessId, AccessGrant grant, long expectedVersion, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageAdministrators, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var access = await ActiveAccessAsync(db, companyId, accessId, now, ct);
        var expires = Validate(grant, now, isOwner: false);
        policy.DemandMayEnrol(permit, access.PartnerId, grant.Rights | AccessRight.ViewCompany);
        if (access.Version != expectedVersion)
            throw new ConflictProblem(L["Someone else changed this administrator's access while you were editing."]);
        var name = await db.Partners.Where(p => p.Id == access.PartnerId).Select(p => p.AdministratorName).SingleAsync(ct);
        var before = Describe(name, access);
        access.Rights = grant.Rights | AccessRight.ViewCompany;
        access.ExpiresAt = expires;
        AuditLog.Record(db, permit, "administrator.changed", now, before, Describe(name, access));
        await SaveAsync(db, ct);
        await notifier.PublishCompanyAsync(db, ChangeKind.AdministratorsChanged, companyId, ct);
    }

    /// <summary>Deselect ("Fravælg"): ends the access now. The partner's staff lose the company at once.</summary>
    public async Task DeselectAsync(int companyId, int accessId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageAdministrators, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var access = await ActiveAccessAsync(db, companyId, accessId, now, ct);
        policy.DemandMayEnrol(permit, access.PartnerId, AccessRight.None);
        var name = await db.Partners.Where(p => p.Id == access.PartnerId).Select(p => p.AdministratorName).SingleAsync(ct);
        var companyName = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync(ct);
        var before = Describe(name, access);
        access.EndedAt = now;
        access.EndReason = AccessEndReason.Revoked;
        access.EndedByName = permit.Actor.DisplayName;
        AuditLog.Record(db, permit, "administrator.deselected", now, before, new { State = "Revoked" });
        await EmailOutbox.EnqueueForPartnerLeadersAsync(db, access.PartnerId, now, companyId,
            () => (L["Your administrator access to {0} has ended", companyName],
            L["{0} ({1}) removed {2} as administrator of {3}.", permit.Actor.DisplayName, AuditLog.Shown(permit.ActingFor, L), name, companyName]), ct);
        await SaveAsync(db, ct);
        outbox.Nudge();
        await notifier.PublishCompanyAsync(db, ChangeKind.AdministratorsChanged, companyId, ct, access.PartnerId);
    }

    /// <summary>Marks accesses past their end date as Expired (not Revoked). Run by <see cref="AccessExpiry"/>.</summary>
    public static async Task<int> ExpireDueAsync(AppDbContext db, ChangeNotifier notifier, EmailOutbox outbox, DateTime now,
        IStringLocalizer<SharedResource> L, CancellationToken ct = default)
    {
        var due = await db.AdministratorAccesses.Include(a => a.Partner).Include(a => a.Company)
            .Where(ActiveAccess.DueToExpire(now)).OrderBy(a => a.Id).Take(500).ToListAsync(ct);
        foreach (var access in due)
        {
            access.EndedAt = access.ExpiresAt;
            access.EndReason = AccessEndReason.Expired;
            access.EndedByName = null;
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, ActorUserId = "system", ActorName = AuditLog.System, ActingFor = AuditLog.AccessEndDate,
                CompanyId = access.CompanyId, Action = "administrator.expired",
                Before = System.Text.Json.JsonSerializer.Serialize(new { access.Partner.AdministratorName, access.ExpiresAt }),
                After = "{\"State\":\"Expired\"}",
            });
            await EmailOutbox.EnqueueForPartnerLeadersAsync(db, access.PartnerId, now, access.CompanyId,
                () => (L["Your administrator access to {0} has ended", access.Company.Name],
                L["The administrator access of {0} to {1} reached its end date.", access.Partner.AdministratorName, access.Company.Name]), ct);
        }
        await db.SaveChangesAsync(ct);
        if (due.Count > 0)
            outbox.Nudge();
        foreach (var access in due)
            await notifier.PublishCompanyAsync(db, ChangeKind.AdministratorsChanged, access.CompanyId, ct, access.PartnerId);
        return due.Count;
    }

    private static AccessState StateOf(AdministratorAccess a, DateTime now) =>
        a.IsActive(now) ? AccessState.Active
        : a.EndReason == AccessEndReason.Expired || a.EndedAt is null ? AccessState.Expired
        : AccessState.Revoked;

    private DateTime? Validate(AccessGrant grant, DateTime now, bool isOwner)
    {
        var errors = new Dictionary<string, string>();
        if (isOwner)
            throw new ValidationProblem(errors, L["The reseller of record always administers its own client; it cannot be selected."]);
        if ((grant.Rights & ~AccessRight.All) != 0 || grant.Rights == AccessRight.None)
            errors[nameof(grant.Rights)] = L["Choose at least one right."];
        // The access lasts through the chosen day (UTC), and ends when it is over.
        DateTime? expires = grant.EndsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
        if (expires is not null && expires <= now)
            errors[nameof(grant.EndsOn)] = L["The end date must be today or later."];
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);
        return expires;
    }

    private async Task<AdministratorAccess> ActiveAccessAsync(AppDbContext db, int companyId, int accessId, DateTime now,
        CancellationToken ct)
    {
        var access = await db.AdministratorAccesses.SingleOrDefaultAsync(a => a.Id == accessId && a.CompanyId == companyId, ct);
        if (access is null || !access.IsActive(now))
            throw new ConflictProblem(L["This administrator is no longer enrolled; the list has been refreshed."]);
        return access;
    }

    private async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        await db.SaveSafelyAsync(L, ct, () => new ConflictProblem(L["Someone else changed this administrator's access while you were editing."]));
    }


    private static object Describe(string administrator, AdministratorAccess a) =>
        new { Administrator = administrator, Rights = a.Rights.ToString(), a.ExpiresAt };
}
