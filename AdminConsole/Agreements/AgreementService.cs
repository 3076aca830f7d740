using System.Globalization;
using System.Text.RegularExpressions;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Agreements;

public sealed record AgreementRow(int Id, string Name, string CustomerNumber, string PartnerName, int Companies,
    int LicenseUsers, decimal MonthlyAmount, string Currency, long Version);

public sealed record AgreementCompany(int Id, string Name, string AgreementNumber, Plan Plan, AgreementType AgreementType,
    int MonthlyTransactions, long Version);

public sealed record AgreementDetails(AgreementRow Agreement, bool CanManage, IReadOnlyList<AgreementCompany> Companies,
    IReadOnlyList<AgreementRow> OtherAgreements);

public sealed record AgreementInput(string? Name, string? CustomerNumber);

public sealed record InvoiceLine(string CustomerNumber, string Description, decimal Quantity, decimal UnitPrice, string Currency)
{
    public decimal Amount => Quantity * UnitPrice;
}

public sealed record NewCompanyInput(string? Name, string? OrganisationNumber, string? Country, Plan Plan,
    AgreementType AgreementType, string? SuperuserName, string? SuperuserLogin, string? SuperuserEmail);

/// <summary>
/// Customer agreements ("kundeavtaler"): a partner's billing groups of companies. Legal representatives and
/// partner admins manage them; employees may look. A partner never sees another partner's agreements.
/// </summary>
public sealed partial class AgreementService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    SubscriptionService subscriptions,
    ChangeNotifier notifier,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    /// <summary>The accounts-receivable number: 1–10 digits, as in the sales module.</summary>
    [GeneratedRegex("^[0-9]{1,10}$")]
    private static partial Regex CustomerNumberPattern();

    public static readonly string[] Countries = ["DK", "NO", "SE", "DE", "FI", "NL"];

    public async Task<IReadOnlyList<AgreementRow>> ListAsync(CancellationToken ct = default)
    {
        var actor = await policy.DemandPartnerRoleAsync(PartnerRole.PartnerEmployee, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, Visible(db, actor), ct);
    }

    public async Task<AgreementDetails> GetAsync(int agreementId, CancellationToken ct = default)
    {
        var (actor, agreement) = await DemandAsync(agreementId, PartnerRole.PartnerEmployee, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await RowsAsync(db, db.CustomerAgreements.Where(a => a.PartnerId == agreement.PartnerId), ct);
        var companies = await db.Companies.AsNoTracking().Where(c => c.CustomerAgreementId == agreementId)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new AgreementCompany(c.Id, c.Name, c.AgreementNumber, c.Subscription.Plan, c.Subscription.AgreementType,
                c.MonthlyTransactions, c.Version))
            .Take(1000).ToListAsync(ct);
        return new AgreementDetails(rows.Single(r => r.Id == agreementId), CanManage(actor), companies,
            rows.Where(r => r.Id != agreementId).ToList());
    }

    public async Task<int> CreateAsync(AgreementInput input, CancellationToken ct = default)
    {
        var actor = await policy.DemandPartnerRoleAsync(PartnerRole.PartnerAdmin, ct);
        var partnerId = actor.PartnerId ?? throw new ForbiddenProblem(L["Customer agreements belong to a partner; sign in as its staff."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agreement = await NewAgreementAsync(db, actor, partnerId, input, ct);
        await db.SaveSafelyAsync(L, ct);
        Publish(partnerId);
        return agreement.Id;
    }

    public async Task UpdateAsync(int agreementId, AgreementInput input, long expectedVersion, CancellationToken ct = default)
    {
        var (actor, _) = await DemandAsync(agreementId, PartnerRole.PartnerAdmin, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agreement = await db.CustomerAgreements.SingleAsync(a => a.Id == agreementId, ct);
        var (name, number) = await ValidateAsync(db, agreement.PartnerId, input, agreementId, ct);
        if (agreement.Version != expectedVersion)
            throw Conflict();
        var before = new { agreement.Name, agreement.CustomerNumber };
        (agreement.Name, agreement.CustomerNumber) = (name, number);
        AuditLog.Record(db, actor, "agreement.changed", time.UtcNow(), null, before, new { name, number });
        await SaveAsync(db, ct);
        Publish(agreement.PartnerId);
    }

    /// <summary>Deletes an empty agreement; one that still holds companies is refused with the reason.</summary>
    public async Task DeleteAsync(int agreementId, CancellationToken ct = default)
    {
        var (actor, _) = await DemandAsync(agreementId, PartnerRole.PartnerAdmin, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agreement = await db.CustomerAgreements.SingleAsync(a => a.Id == agreementId, ct);
        var count = await db.Companies.CountAsync(c => c.CustomerAgreementId == agreementId, ct);
        if (count > 0)
            throw new ConflictProblem(L["{0} still holds {1} companies. Move them to another agreement first.", agreement.Name, count]);
        db.CustomerAgreements.Remove(agreement);
        AuditLog.Record(db, actor, "agreement.deleted", time.UtcNow(), null, new { agreement.Name, agreement.CustomerNumber });
        await SaveAsync(db, ct);
        Publish(agreement.PartnerId);
    }

    /// <summary>"Move company": to another agreement of the same partner. One save: the company is always in exactly one.</summary>
    public async Task MoveCompanyAsync(int companyId, int targetAgreementId, long companyVersion, CancellationToken ct = default)
    {
        var (_, target) = await DemandAsync(targetAgreementId, PartnerRole.PartnerAdmin, ct);
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageBilling, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await CompanyToMoveAsync(db, companyId, target.PartnerId, companyVersion, ct);
        Move(db, permit, company, target.Id, target.Name);
        await SaveAsync(db, ct);
        Publish(target.PartnerId);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
    }

    /// <summary>"Move company to new customer agreement": creates it and moves the company, in one transaction.</summary>
    public async Task<int> MoveCompanyToNewAsync(int companyId, AgreementInput input, long companyVersion, CancellationToken ct = default)
    {
        var actor = await policy.DemandPartnerRoleAsync(PartnerRole.PartnerAdmin, ct);
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageBilling, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ownerId = await db.Companies.Where(c => c.Id == companyId).Select(c => c.PartnerId).SingleAsync(ct);
        if (!actor.IsOperator && actor.PartnerId != ownerId)
            throw new ForbiddenProblem(L["Only the reseller of record can move this company between its agreements."]);
        var company = await CompanyToMoveAsync(db, companyId, ownerId, companyVersion, ct);
        var agreement = await NewAgreementAsync(db, actor, ownerId, input, ct);
        Move(db, permit, company, null, agreement.Name, agreement);
        await SaveAsync(db, ct);
        Publish(ownerId);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
        return agreement.Id;
    }

    /// <summary>The new-company wizard: a company in the agreement; an external one also gets its superuser, as in Subscription.</summary>
    public async Task<int> CreateCompanyAsync(int agreementId, NewCompanyInput input, CancellationToken ct = default)
    {
        var (actor, agreement) = await DemandAsync(agreementId, PartnerRole.PartnerAdmin, ct);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors[nameof(input.Name)] = L["Enter the company's name."];
        if (string.IsNullOrWhiteSpace(input.OrganisationNumber))
            errors[nameof(input.OrganisationNumber)] = L["Enter the organisation number."];
        TextRules.Check(errors, nameof(input.Name), input.Name?.Trim(), TextRules.Name, L);
        TextRules.Check(errors, nameof(input.OrganisationNumber), input.OrganisationNumber?.Trim(), TextRules.OrganisationNumber, L);
        if (!Countries.Contains(input.Country)) errors[nameof(input.Country)] = L["Choose a country."];
        var superuser = new SubscriptionState(input.Plan, input.AgreementType, input.SuperuserName, input.SuperuserLogin,
            input.SuperuserEmail);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await subscriptions.ValidateAsync(db, companyId: 0, SubscriptionService.Normalize(superuser), ct);
        }
        catch (ValidationProblem problem)
        {
            foreach (var (k, v) in problem.Errors) errors[k] = v;
        }
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);

        var now = time.UtcNow();
        var company = new Company
        {
            PartnerId = agreement.PartnerId, CustomerAgreementId = agreementId, Name = input.Name!.Trim(),
            OrganisationNumber = input.OrganisationNumber!.Trim(), Country = input.Country!, CreatedAt = now,
            AgreementNumber = await AgreementNumbers.NextAsync(db, ct),
            Subscription = new Subscription { Plan = input.Plan, AgreementType = AgreementType.Internal },
        };
        db.Companies.Add(company);
        AuditLog.Record(db, actor, "company.created", now, null, null,
            new { company.Name, company.OrganisationNumber, company.Country, Agreement = agreement.Name });
        await SaveAsync(db, ct);
        if (input.AgreementType == AgreementType.External)
            await subscriptions.ChangeAsync(company.Id, new SubscriptionChange(superuser, company.Subscription.Version), ct);
        Publish(agreement.PartnerId);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, company.Id, ct);
        return company.Id;
    }

    /// <summary>The invoice basis ("ordregrunnlag") of this month, line by line, read as a stream from the database.</summary>
    public async IAsyncEnumerable<InvoiceLine> InvoiceBasisAsync(int agreementId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var (_, agreement) = await DemandAsync(agreementId, PartnerRole.PartnerEmployee, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = (await LicenseRule.CountAsync(db, [agreementId], ct)).GetValueOrDefault(agreementId);
        var currency = await db.Partners.Where(p => p.Id == agreement.PartnerId).Select(p => p.Currency).SingleAsync(ct);
        yield return new InvoiceLine(agreement.CustomerNumber, L["License users (each person once in this agreement)"], users,
            PlanCatalogue.PricePerUser, currency);
        var companies = db.Companies.AsNoTracking().Where(c => c.CustomerAgreementId == agreementId).OrderBy(c => c.Name)
            .ThenBy(c => c.Id).Select(c => new { c.Name, c.AgreementNumber, c.Subscription.Plan, c.MonthlyTransactions })
            .AsAsyncEnumerable();
        await foreach (var c in companies.WithCancellation(ct))
        {
            var price = PlanCatalogue.Of(c.Plan);
            yield return new InvoiceLine(agreement.CustomerNumber,
                L["Subscription {0}: {1} ({2})", L[c.Plan.ToString()], c.Name, c.AgreementNumber], 1, price.MonthlyPrice, currency);
            if (c.MonthlyTransactions > 0)
                yield return new InvoiceLine(agreement.CustomerNumber,
                    L["Transactions: {0} ({1})", c.Name, c.AgreementNumber], c.MonthlyTransactions, price.PricePerTransaction, currency);
        }
    }

    public string InvoiceFileName(string customerNumber) =>
        $"invoice-basis-{customerNumber}-{time.UtcNow():yyyy-MM}.csv";

    private static IQueryable<CustomerAgreement> Visible(AppDbContext db, Actor actor) =>
        actor.IsOperator ? db.CustomerAgreements : db.CustomerAgreements.Where(a => a.PartnerId == actor.PartnerId);

    private static bool CanManage(Actor actor) => actor.IsOperator || actor.Role >= PartnerRole.PartnerAdmin;

    private async Task<(Actor, CustomerAgreement)> DemandAsync(int agreementId, PartnerRole minimum, CancellationToken ct)
    {
        var actor = await policy.ActorAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agreement = await Visible(db, actor).AsNoTracking().SingleOrDefaultAsync(a => a.Id == agreementId, ct);
        if (agreement is null || (!actor.IsOperator && actor.Role is null))
            throw new NotFoundProblem(L["This customer agreement does not exist, or you have no access to it."]);
        await policy.DemandPartnerRoleAsync(minimum, ct);
        return (actor, agreement);
    }

    private static async Task<List<AgreementRow>> RowsAsync(AppDbContext db, IQueryable<CustomerAgreement> agreements,
        CancellationToken ct)
    {
        var rows = await agreements.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, a.CustomerNumber, Partner = a.Partner.Name, a.Partner.Currency, a.Version }).Take(1000).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var plans = await db.Companies.Where(c => c.CustomerAgreementId != null && ids.Contains(c.CustomerAgreementId.Value))
            .GroupBy(c => new { Agreement = c.CustomerAgreementId!.Value, c.Subscription.Plan })
            .Select(g => new { g.Key.Agreement, g.Key.Plan, Count = g.Count(), Transactions = g.Sum(c => c.MonthlyTransactions) })
            .ToListAsync(ct);
        var users = await LicenseRule.CountAsync(db, ids, ct);
        return rows.Select(r =>
        {
            var mine = plans.Where(p => p.Agreement == r.Id).ToList();
            var n = users.GetValueOrDefault(r.Id);
            var amount = n * PlanCatalogue.PricePerUser + mine.Sum(p =>
                p.Count * PlanCatalogue.Of(p.Plan).MonthlyPrice + p.Transactions * PlanCatalogue.Of(p.Plan).PricePerTransaction);
            return new AgreementRow(r.Id, r.Name, r.CustomerNumber, r.Partner, mine.Sum(p => p.Count), n, amount, r.Currency, r.Version);
        }).ToList();
    }

    private async Task<CustomerAgreement> NewAgreementAsync(AppDbContext db, Actor actor, int partnerId, AgreementInput input,
        CancellationToken ct)
    {
        var (name, number) = await ValidateAsync(db, partnerId, input, null, ct);
        var agreement = new CustomerAgreement { PartnerId = partnerId, Name = name, CustomerNumber = number };
        db.CustomerAgreements.Add(agreement);
        AuditLog.Record(db, actor, "agreement.created", time.UtcNow(), null, null, new { name, number });
        return agreement;
    }

    private async Task<(string Name, string Number)> ValidateAsync(AppDbContext db, int partnerId, AgreementInput input,
        int? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        var number = input.CustomerNumber?.Trim() ?? "";
        if (name.Length == 0) errors[nameof(input.Name)] = L["Enter a name."];
        TextRules.Check(errors, nameof(input.Name), name, TextRules.Name, L);
        if (!errors.ContainsKey(nameof(input.Name)) && await db.CustomerAgreements.AnyAsync(a =>
                a.PartnerId == partnerId && a.Id != self && a.Name.ToLower() == name.ToLower(), ct))
            errors[nameof(input.Name)] = L["You already have a customer agreement with this name."];
        if (!CustomerNumberPattern().IsMatch(number))
            errors[nameof(input.CustomerNumber)] = L["Enter the customer number from the sales module: 1–10 digits."];
        else if (await db.CustomerAgreements.AnyAsync(a => a.PartnerId == partnerId && a.Id != self && a.CustomerNumber == number, ct))
            errors[nameof(input.CustomerNumber)] = L["Another customer agreement already uses this customer number."];
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);
        return (name, number);
    }

    private async Task<Company> CompanyToMoveAsync(AppDbContext db, int companyId, int partnerId, long version, CancellationToken ct)
    {
        var company = await db.Companies.Include(c => c.CustomerAgreement).SingleAsync(c => c.Id == companyId, ct);
        if (company.PartnerId != partnerId)
            throw new ForbiddenProblem(L["A company can only move between agreements of its own reseller."]);
        if (company.Version != version)
            throw Conflict();
        return company;
    }

    private void Move(AppDbContext db, CompanyPermit permit, Company company, int? targetId, string targetName,
        CustomerAgreement? newAgreement = null)
    {
        var from = company.CustomerAgreement?.Name;
        if (newAgreement is not null) company.CustomerAgreement = newAgreement;
        else company.CustomerAgreementId = targetId;
        AuditLog.Record(db, permit, "company.moved", time.UtcNow(), new { Agreement = from }, new { Agreement = targetName });
    }

    private async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        await db.SaveSafelyAsync(L, ct, Conflict);
    }

    private void Publish(int partnerId) => notifier.Publish(new ChangeEvent(ChangeKind.AgreementChanged, null, [partnerId]));

    private ConflictProblem Conflict() => new(L["Someone else changed this while you were working. The list has been refreshed."]);
}
