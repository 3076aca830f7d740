using AdminConsole.Audit;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Auth;

/// <summary>
/// The one place that decides what the current person may do for which partner and company:
/// partner role ∩ rights the company granted to that partner. Every service asks here first.
/// </summary>
public sealed class AccessPolicy(
    ICurrentActor current,
    Visit visit,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    /// <summary>What a role may ever do inside a client; employees change no subscription, billing or administrators.</summary>
    public static AccessRight RoleCap(PartnerRole role) => role switch
    {
        PartnerRole.PartnerEmployee => AccessRight.ViewCompany | AccessRight.ManageUsers | AccessRight.ExportData,
        _ => AccessRight.All,
    };

    /// <summary>A company's own user (its superuser) manages who may access it and its users, not the partner's billing.</summary>
    public const AccessRight CompanyUserRights =
        AccessRight.ViewCompany | AccessRight.ManageAdministrators | AccessRight.ManageUsers | AccessRight.ExportData;

    public Task<Actor> ActorAsync(CancellationToken ct = default) => current.GetAsync(ct);

    /// <summary>
    /// The companies a person may see, as SQL for the company list: owned by or enrolled for their partner;
    /// one for a company user; all for an operator. Each arm is "FROM … {join} WHERE …" with the company
    /// aliased c; the list joins the arms with UNION ALL so SQLite merges two index-ordered streams.
    /// The same rule decides <see cref="PermitAsync"/>; the tenant-isolation tests hold the two together.
    /// </summary>
    public static IReadOnlyList<string> VisibleCompanyArms(Actor actor)
    {
        if (actor.IsOperator)
            return ["""FROM "Companies" c {join} WHERE 1 = 1"""];
        if (actor.OwnCompanyId is not null)
            return ["""FROM "Companies" c {join} WHERE c."Id" = @own"""];
        if (actor.PartnerId is null)
            return [];
        // Employees see only the clients assigned to them (@user).
        var assigned = SeesAssignedOnly(actor)
            ? """ AND EXISTS (SELECT 1 FROM "ClientAssignments" ea WHERE ea."CompanyId" = c."Id" AND ea."UserId" = @user)"""
            : "";
        return
        [
            """FROM "Companies" c {join} WHERE c."PartnerId" = @partner""" + assigned,
            """
            FROM "AdministratorAccesses" a JOIN "Companies" c ON c."Id" = a."CompanyId" {join}
            WHERE a."PartnerId" = @partner AND c."PartnerId" <> @partner AND
            """ + " " + ActiveAccess.Sql + assigned,
        ];
    }

    /// <summary>Partner employees reach only the clients assigned to them; admins and legal representatives reach all.</summary>
    public static bool SeesAssignedOnly(Actor actor) => actor.Role == PartnerRole.PartnerEmployee;

    /// <summary>The permit for a company, or a <see cref="NotFoundProblem"/> / <see cref="ForbiddenProblem"/>.</summary>
    public async Task<CompanyPermit> DemandAsync(int companyId, AccessRight needed, CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        var permit = await PermitAsync(actor, companyId, ct)
            ?? throw new NotFoundProblem(L["This company does not exist, or you have no access to it."]);
        if (!permit.Can(needed))
            throw new ForbiddenProblem(L["You may not do this in {0}: it needs the right \"{1}\".", permit.CompanyName,
                L[RightName(needed)]]);
        return permit with { Visit = visit.In(companyId) };
    }

    /// <summary>Who reads a company's access log: its own users, its reseller of record's staff, and operators.</summary>
    public static bool ReadsAccessLog(CompanyPermit permit, int ownerPartnerId) =>
        permit.Actor.IsOperator || permit.Actor.IsCompanyUser || permit.Actor.PartnerId == ownerPartnerId;

    /// <summary>
    /// Whether entering this company needs a reason: always for an operator (break-glass support access), for partner
    /// staff when their partner asks for one, never for the company's own people.
    /// </summary>
    public async Task<bool> ReasonRequiredAsync(CompanyPermit permit, CancellationToken ct = default)
    {
        if (permit.Actor.IsOperator)
            return true;
        if (permit.Actor.IsCompanyUser || permit.Actor.PartnerId is not int partnerId)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Partners.Where(p => p.Id == partnerId).Select(p => p.AskReasonToEnter).SingleAsync(ct);
    }

    /// <summary>A partner's legal representative: the only role that adds clients and keeps the team.</summary>
    public static bool IsLegalRepresentative(Actor actor) => actor is { PartnerId: not null, Role: PartnerRole.LegalRepresentative };

    /// <summary>The acting legal representative, or a <see cref="ForbiddenProblem"/> saying <paramref name="refusal"/> (operators too).</summary>
    public async Task<Actor> DemandLegalRepresentativeAsync(string refusal, CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        return IsLegalRepresentative(actor) ? actor : throw new ForbiddenProblem(refusal);
    }

    /// <summary>The acting operator, or a <see cref="ForbiddenProblem"/> saying <paramref name="refusal"/>.</summary>
    public async Task<Actor> DemandOperatorAsync(string refusal, CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        return actor.IsOperator ? actor : throw new ForbiddenProblem(refusal);
    }

    /// <summary>Partner-level actions (not inside one company) need a minimum role; operators always pass.</summary>
    public async Task<Actor> DemandPartnerRoleAsync(PartnerRole minimum, CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        if (actor.IsOperator || (actor.Role is { } role && role >= minimum))
            return actor;
        throw new ForbiddenProblem(L["Your role does not allow this."]);
    }

    public async Task<CompanyPermit?> PermitAsync(Actor actor, int companyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var assignedOnly = SeesAssignedOnly(actor);
        var company = await db.Companies.AsNoTracking()
            .Where(c => c.Id == companyId)
            .Select(c => new
            {
                c.Id, c.Name, c.Country, c.PartnerId, c.OwnerRights, PartnerName = c.Partner.Name,
                Granted = actor.PartnerId == null ? null : c.AdministratorAccesses.AsQueryable()
                    .Where(ActiveAccess.At(now)).Where(a => a.PartnerId == actor.PartnerId)
                    .Select(a => (AccessRight?)a.Rights).FirstOrDefault(),
                // Asked only of employees: nobody else's permit pays for the lookup.
                Assigned = assignedOnly && db.ClientAssignments.Any(a => a.CompanyId == c.Id && a.UserId == actor.UserId),
            })
            .FirstOrDefaultAsync(ct);
        if (company is null)
            return null;

        if (actor.IsOperator)
            return new CompanyPermit(actor, company.Id, company.Name, company.PartnerId,
                AuditLog.OperatorFor(company.PartnerName), AccessRight.All, company.Country);

        if (actor.OwnCompanyId is int own)
            return own == company.Id
                ? new CompanyPermit(actor, company.Id, company.Name, null, company.Name, CompanyUserRights, company.Country)
                : null;

        if (actor.PartnerId is not int partnerId || actor.Role is not PartnerRole role)
            return null;
        if (assignedOnly && !company.Assigned)
            return null;

        var granted = company.PartnerId == partnerId ? company.OwnerRights : company.Granted ?? AccessRight.None;
        if (granted == AccessRight.None)
            return null;
        // Enrolment itself lets a partner see the company, whatever else was granted.
        var rights = (granted | AccessRight.ViewCompany) & (RoleCap(role) | AccessRight.ViewCompany);
        return new CompanyPermit(actor, company.Id, company.Name, partnerId, actor.PartnerName ?? "", rights, company.Country);
    }

    /// <summary>
    /// The one rule for enrolments: creating, changing or ending one needs "Manage administrators"; an enrolled
    /// partner never touches its own enrolment (only the company, the reseller of record or an operator can); and
    /// nobody grants or keeps a right they do not hold in the company themselves (the enrolment's rights after the
    /// change ⊆ the permit). Ending an enrolment keeps nothing, so its rights do not matter.
    /// </summary>
    public void DemandMayEnrol(CompanyPermit permit, int enrolledPartnerId, AccessRight rightsAfter)
    {
        if (!permit.Can(AccessRight.ManageAdministrators))
            throw new ForbiddenProblem(L["You may not do this in {0}: it needs the right \"{1}\".", permit.CompanyName,
                L[RightName(AccessRight.ManageAdministrators)]]);
        if (IsOwnEnrolment(permit, enrolledPartnerId))
            throw new ForbiddenProblem(L["Your own access to {0} can be changed only by the company, its reseller of record or an operator.",
                permit.CompanyName]);
        var lacking = rightsAfter & ~permit.Rights;
        if (lacking != AccessRight.None)
            throw new ForbiddenProblem(L["You cannot grant or keep rights you do not hold in {0} yourself: {1}.", permit.CompanyName,
                RightsText(lacking)]);
    }

    /// <summary>Whether the enrolment belongs to the acting person's own partner (which it may not edit).</summary>
    public static bool IsOwnEnrolment(CompanyPermit permit, int enrolledPartnerId) =>
        permit.Actor.PartnerId == enrolledPartnerId;

    /// <summary>
    /// A company's customer agreement is its owner's billing grouping: only the owner's staff and operators see it,
    /// never an enrolled partner or the company's own users. <see cref="BillingJoinCondition"/> is the same rule in SQL.
    /// </summary>
    public static bool SeesBillingOf(Actor actor, int ownerPartnerId) => actor.IsOperator || actor.PartnerId == ownerPartnerId;

    /// <summary>The SQL form of <see cref="SeesBillingOf"/>, added to a join on the customer agreement of company c.</summary>
    public static string BillingJoinCondition(Actor actor) => actor.IsOperator ? "" : """ AND c."PartnerId" = @partner""";

    public static readonly AccessRight[] EachRight =
    [
        AccessRight.ViewCompany, AccessRight.ManageSubscription, AccessRight.ManageAdministrators,
        AccessRight.ManageUsers, AccessRight.ManageBilling, AccessRight.ExportData,
    ];

    public static IEnumerable<AccessRight> Rights(AccessRight set) => EachRight.Where(r => set.HasFlag(r));

    /// <summary>"View company, Manage users and portal logins", in the reader's language.</summary>
    public string RightsText(AccessRight rights) => string.Join(", ", Rights(rights).Select(r => L[RightName(r)].Value));

    /// <summary>What a right allows, in one line, where it is granted.</summary>
    public static string RightDescription(AccessRight right) => right switch
    {
        AccessRight.ViewCompany => "See the company, its subscription and who has access. Always included.",
        AccessRight.ManageSubscription => "Change the plan and switch between an internal and an external agreement.",
        AccessRight.ManageAdministrators => "Select, change and deselect other partners' administrators.",
        AccessRight.ManageUsers => "Invite and remove the company's users and its customer-portal logins.",
        AccessRight.ManageBilling => "See and change the customer agreement the company is billed under.",
        AccessRight.ExportData => "Download the company's data as CSV files.",
        _ => "",
    };

    public static string RightName(AccessRight right) => right switch
    {
        AccessRight.ViewCompany => "View company",
        AccessRight.ManageSubscription => "Manage subscription",
        AccessRight.ManageAdministrators => "Manage administrators",
        AccessRight.ManageUsers => "Manage users and portal logins",
        AccessRight.ManageBilling => "Manage billing",
        AccessRight.ExportData => "Export data",
        _ => right.ToString(),
    };
}
