using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

public sealed record CompanySummary(
    int Id,
    string Name,
    string OrganisationNumber,
    string AgreementNumber,
    string Country,
    Plan Plan,
    AgreementType AgreementType,
    string? SuperuserName,
    string? CustomerAgreement,
    string OwnerPartner,
    string ActingFor,
    AccessRight Rights);

/// <summary>The company list and entering a company. One DbContext per call.</summary>
public sealed class CompanyService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    IClock clock)
{
    public async Task<PagedResult<CompanyRow>> ListAsync(CompanyListQuery query, CancellationToken ct = default)
    {
        var actor = await policy.ActorAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var companies = AccessPolicy.VisibleCompanies(db, actor, clock.UtcNow);
        if (query.Search is { Length: > 0 } term)
            companies = CompanySearch.Apply(db, companies, term);

        var total = await companies.CountAsync(ct);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));

        // Page the ids first: OFFSET then walks only the (covering) sort index, not joined rows.
        var ids = await Order(companies, query.Sort, query.Descending)
            .Select(c => c.Id)
            .Skip((page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(ct);

        var rows = await db.Companies.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new CompanyRow(c.Id, c.Name, c.AgreementNumber, c.OrganisationNumber,
                c.Subscription.Plan, c.Subscription.AgreementType,
                c.CustomerAgreement != null ? c.CustomerAgreement.Name : null, c.Partner.Name))
            .ToDictionaryAsync(r => r.Id, ct);
        return new PagedResult<CompanyRow>(ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList(), total, page,
            query.PageSize);
    }

    private static IQueryable<Company> Order(IQueryable<Company> q, CompanySort sort, bool desc) => sort switch
    {
        CompanySort.AgreementNumber => desc ? q.OrderByDescending(c => c.AgreementNumber) : q.OrderBy(c => c.AgreementNumber),
        CompanySort.OrganisationNumber => desc
            ? q.OrderByDescending(c => c.OrganisationNumber).ThenByDescending(c => c.Id)
            : q.OrderBy(c => c.OrganisationNumber).ThenBy(c => c.Id),
        CompanySort.Plan => desc
            ? q.OrderByDescending(c => c.Subscription.Plan).ThenBy(c => c.Name).ThenBy(c => c.Id)
            : q.OrderBy(c => c.Subscription.Plan).ThenBy(c => c.Name).ThenBy(c => c.Id),
        CompanySort.AgreementType => desc
            ? q.OrderByDescending(c => c.Subscription.AgreementType).ThenBy(c => c.Name).ThenBy(c => c.Id)
            : q.OrderBy(c => c.Subscription.AgreementType).ThenBy(c => c.Name).ThenBy(c => c.Id),
        CompanySort.CustomerAgreement => desc
            ? q.OrderByDescending(c => c.CustomerAgreement!.Name).ThenBy(c => c.Name).ThenBy(c => c.Id)
            : q.OrderBy(c => c.CustomerAgreement!.Name).ThenBy(c => c.Name).ThenBy(c => c.Id),
        _ => desc ? q.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id) : q.OrderBy(c => c.Name).ThenBy(c => c.Id),
    };

    /// <summary>The company as the current person may see it; refuses ids they may not see.</summary>
    public async Task<CompanySummary> GetAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new CompanySummary(c.Id, c.Name, c.OrganisationNumber, c.AgreementNumber, c.Country,
                c.Subscription.Plan, c.Subscription.AgreementType, c.Subscription.SuperuserName,
                c.CustomerAgreement != null ? c.CustomerAgreement.Name : null, c.Partner.Name,
                permit.ActingFor, permit.Rights))
            .FirstAsync(ct);
    }

    /// <summary>Entering a client ("Manage") is audited, whoever enters and however they got there.</summary>
    public async Task<CompanySummary> EnterAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            AuditLog.Record(db, permit, "company.entered", clock.UtcNow);
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(companyId, ct);
    }
}
