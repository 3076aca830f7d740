using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Companies;

public sealed record CompanyRow(
    int Id,
    string Name,
    string AgreementNumber,
    string OrganisationNumber,
    Plan Plan,
    AgreementType AgreementType,
    string? CustomerAgreement,
    string PartnerName);

/// <summary>One line of a client's data export.</summary>
public sealed record ExportLine(string Section, string Field, string? Value);

/// <summary>A company row as read, before the billing rule hides the owner's customer agreement.</summary>
internal sealed record CompanyRowData(CompanyRow Row, int OwnerPartnerId);

public sealed record CompanySummary(
    int Id,
    string Name,
    string OrganisationNumber,
    string AgreementNumber,
    string Country,
    Plan Plan,
    AgreementType AgreementType,
    string? SuperuserName,
    /// <summary>Null when there is none or when the person may not see the owner's billing grouping.</summary>
    string? CustomerAgreement,
    string OwnerPartner,
    string ActingFor,
    AccessRight Rights,
    bool AsCompanyUser)
{
    /// <summary>Whether the person may see the owner's billing grouping (its customer agreement).</summary>
    public bool SeesBilling { get; init; }

    /// <summary>Something the person should know on entering (e.g. the entry could not be audited).</summary>
    public string? Notice { get; init; }

    /// <summary>Why the person entered, when they gave a reason (shown in the banner).</summary>
    public EntryReason? Reason { get; init; }
}

/// <summary>What entering a company asks of this person: a reason, or nothing.</summary>
public sealed record EntryRequirement(string CompanyName, bool ReasonRequired);

/// <summary>The company list and entering a company. One DbContext per call.</summary>
public sealed class CompanyService(
    AccessPolicy policy,
    Visit visit,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public async Task<PagedResult<CompanyRow>> ListAsync(CompanyListQuery query, CancellationToken ct = default) =>
        await PageAsync(await policy.ActorAsync(ct), query, ct);

    /// <summary>
    /// Every row the list shows with this search and sort (all pages, not just one), streamed from one query in the
    /// list's order, so a download of a million companies has flat memory and never pages by OFFSET.
    /// </summary>
    public async IAsyncEnumerable<CompanyRow> ExportAsync(CompanyListQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var actor = await policy.ActorAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in CompanyPageQuery.AllRowsAsync(db, actor, query, time.UtcNow(), ct))
            yield return Shown(actor, row);
    }

    private async Task<PagedResult<CompanyRow>> PageAsync(Actor actor, CompanyListQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (total, page, ids) = await CompanyPageQuery.RunAsync(db, actor, query, time.UtcNow(), ct);
        var rows = ids.Count == 0 ? [] : (await db.Companies.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new CompanyRowData(new CompanyRow(c.Id, c.Name, c.AgreementNumber, c.OrganisationNumber,
                c.Subscription.Plan, c.Subscription.AgreementType,
                c.CustomerAgreement != null ? c.CustomerAgreement.Name : null, c.Partner.Name), c.PartnerId))
            .ToListAsync(ct))
            .ToDictionary(r => r.Row.Id, r => Shown(actor, r));
        return new PagedResult<CompanyRow>(ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList(), total, page,
            query.PageSize);
    }

    /// <summary>A row as this person sees it: the owner's customer agreement only where the billing rule allows.</summary>
    private static CompanyRow Shown(Actor actor, CompanyRowData r) =>
        AccessPolicy.SeesBillingOf(actor, r.OwnerPartnerId) ? r.Row : r.Row with { CustomerAgreement = null };

    /// <summary>The company as the current person may see it; refuses ids they may not see.</summary>
    public async Task<CompanySummary> GetAsync(int companyId, CancellationToken ct = default) =>
        await SummaryAsync(await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct), ct);

    /// <summary>The company behind a permit already granted (every right includes viewing it).</summary>
    private async Task<CompanySummary> SummaryAsync(CompanyPermit permit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Companies.AsNoTracking()
            .Where(c => c.Id == permit.CompanyId)
            .Select(c => new
            {
                Summary = new CompanySummary(c.Id, c.Name, c.OrganisationNumber, c.AgreementNumber, c.Country,
                    c.Subscription.Plan, c.Subscription.AgreementType, c.Subscription.SuperuserName,
                    c.CustomerAgreement != null ? c.CustomerAgreement.Name : null, c.Partner.Name,
                    AuditLog.Shown(permit.ActingFor, L), permit.Rights, permit.Actor.IsCompanyUser),
                c.PartnerId,
            })
            .FirstAsync(ct);
        var summary = row.Summary with { Reason = permit.Visit?.Reason };
        return AccessPolicy.SeesBillingOf(permit.Actor, row.PartnerId)
            ? summary with { SeesBilling = true }
            : summary with { CustomerAgreement = null };
    }

    /// <summary>One client's data for "Export data to CSV": needs the Export data right; the export is audited.</summary>
    public async Task<IReadOnlyList<ExportLine>> ExportCompanyAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ExportData, ct);
        var summary = await SummaryAsync(permit, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var lines = new List<ExportLine>
        {
            new("Company", "Name", summary.Name), new("Company", "OrganisationNumber", summary.OrganisationNumber),
            new("Company", "AgreementNumber", summary.AgreementNumber), new("Company", "Country", summary.Country),
            new("Company", "ResellerOfRecord", summary.OwnerPartner),
            new("Subscription", "Plan", summary.Plan.ToString()), new("Subscription", "AgreementType", summary.AgreementType.ToString()),
            new("Subscription", "Superuser", summary.SuperuserName),
        };
        if (summary.SeesBilling)
            lines.Add(new("Company", "CustomerAgreement", summary.CustomerAgreement));
        var administrators = await db.AdministratorAccesses.AsNoTracking().Where(ActiveAccess.At(now))
            .Where(a => a.CompanyId == companyId).OrderBy(a => a.Partner.AdministratorName)
            .Select(a => new { a.Partner.AdministratorName, a.Rights, a.ExpiresAt }).ToListAsync(ct);
        lines.AddRange(administrators.Select(a => new ExportLine("Administrator", a.AdministratorName,
            a.Rights + (a.ExpiresAt is { } e ? $" (until {e.AddDays(-1):yyyy-MM-dd})" : ""))));
        var users = await db.CompanyUsers.AsNoTracking().Where(u => u.CompanyId == companyId).OrderBy(u => u.Name)
            .Select(u => new { u.Name, u.Email, Accepted = u.AcceptedAt != null }).ToListAsync(ct);
        lines.AddRange(users.Select(u => new ExportLine("User", u.Name, $"{u.Email} ({(u.Accepted ? "active" : "invited")})")));
        AuditLog.Record(db, permit, "company.exported", now);
        await db.SaveSafelyAsync(L, ct);
        return lines;
    }

    /// <summary>Whether entering asks for a reason (operators always; partner staff when their partner asks).</summary>
    public async Task<EntryRequirement> EntryRequirementAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        return new EntryRequirement(permit.CompanyName, await policy.ReasonRequiredAsync(permit, ct));
    }

    /// <summary>
    /// Entering a client ("Manage") is audited, whoever enters and however they got there, with the reason when one
    /// is asked for; every entry made until Exit carries it. If the database cannot write the entry (a full disk), the
    /// person may still read, and is told the entry was not recorded.
    /// </summary>
    public async Task<CompanySummary> EnterAsync(int companyId, EntryReason? reason = null, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        reason = CheckReason(reason, await policy.ReasonRequiredAsync(permit, ct), permit.CompanyName);
        visit.Start(companyId, reason);
        permit = permit with { Visit = visit.In(companyId) };
        string? notice = null;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            AuditLog.Record(db, permit, "company.entered", time.UtcNow());
            try
            {
                await db.SaveSafelyAsync(L, ct);
            }
            catch (StorageProblem)
            {
                notice = L["The database cannot write right now: you can read this company, but changes will not save and your entry could not be recorded in the audit trail."];
            }
        }
        return await SummaryAsync(permit, ct) with { Notice = notice };
    }

    private EntryReason? CheckReason(EntryReason? reason, bool required, string companyName)
    {
        var (text, ticket) = (reason?.Text?.Trim(), reason?.Ticket?.Trim());
        var errors = new Dictionary<string, string>();
        if (required && string.IsNullOrEmpty(text))
            errors["Reason"] = L["Say why you are entering {0}.", companyName];
        TextRules.Check(errors, "Reason", text, TextRules.Reason, L);
        TextRules.Check(errors, "Ticket", ticket, TextRules.Ticket, L);
        if (errors.Count > 0)
            throw new ValidationProblem(errors, errors.Values.First());
        return string.IsNullOrEmpty(text) ? null : new EntryReason(text, string.IsNullOrEmpty(ticket) ? null : ticket);
    }
}
