using AdminConsole.Account;
using AdminConsole.Agreements;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Clients;

/// <summary>What a legal representative fills in to add a client.</summary>
public sealed record ClientRequest(string? CompanyName, string? OrganisationNumber, string? Country, string? ContactName,
    string? ContactEmail, AccessRight Rights, string? Message);

/// <summary>An invitation's state as people read it: Pending past its date is Expired.</summary>
public enum InvitationState
{
    Pending,
    Accepted,
    Declined,
    Expired,
    Revoked,
}

public sealed record InvitationRow(int Id, string CompanyName, string OrganisationNumber, string ContactName, string ContactEmail,
    AccessRight Requested, AccessRight? Granted, PaymentMethod? Payment, InvitationState State, DateTime CreatedAt,
    DateTime ExpiresAt, DateTime? DecidedAt, string InvitedBy, int? CompanyId, long Version);

/// <summary>What the client sees on the invitation page.</summary>
public sealed record InvitationForClient(string PartnerName, string CompanyName, string ContactName, AccessRight Requested,
    string? Message, DateTime ExpiresAt);

/// <summary>The client's answer: the rights it grants and how it pays.</summary>
public sealed record ClientDecision(AccessRight Granted, PaymentMethod Payment);

/// <summary>One partner's access to a company as the client granted it, for the Partner access section.</summary>
public sealed record PartnerGrant(string PartnerName, AccessRight Requested, AccessRight Granted, PaymentMethod Payment,
    string AcceptedBy, DateTime AcceptedAt);

/// <summary>A partner employee, assigned to a client or available to be.</summary>
public sealed record TeamMember(string UserId, string Name, string Email);

/// <summary>Which of the partner's employees reach a client, and who else could.</summary>
public sealed record ClientTeam(bool CanAssign, IReadOnlyList<TeamMember> Assigned, IReadOnlyList<TeamMember> Available);

/// <summary>
/// Clients ("Add client"): a legal representative invites a prospective client by e-mail; the client grants its own
/// choice of rights and a payment method through a single-use link; accepting creates the company (owned by the
/// partner, with exactly the granted rights) or, for a company already in the console, enrols the partner in it.
/// </summary>
public sealed class ClientService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    ChangeNotifier notifier,
    TimeProvider time,
    PublicLinks links,
    IStringLocalizer<SharedResource> L)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);
    public const int PageSize = 25;

    /// <summary>Only a partner's legal representatives add clients (not admins, employees or operators).</summary>
    public async Task<bool> CanAddClientsAsync(CancellationToken ct = default) =>
        AccessPolicy.IsLegalRepresentative(await policy.ActorAsync(ct));

    private Task<Actor> DemandLegalAsync(CancellationToken ct) =>
        policy.DemandLegalRepresentativeAsync(L["Only the partner's legal representatives may add clients."], ct);

    public async Task<int> InviteAsync(ClientRequest request, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        var partnerId = actor.PartnerId!.Value;
        var r = request with
        {
            CompanyName = request.CompanyName?.Trim(), OrganisationNumber = request.OrganisationNumber?.Trim(),
            ContactName = request.ContactName?.Trim(), ContactEmail = request.ContactEmail?.Trim(),
            Message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        await ValidateAsync(db, partnerId, r, now, ct);

        var token = OneTimeTokens.NewToken();
        var invitation = new ClientInvitation
        {
            PartnerId = partnerId, CompanyName = r.CompanyName!, OrganisationNumber = r.OrganisationNumber!, Country = r.Country!,
            ContactName = r.ContactName!, ContactEmail = r.ContactEmail!, Message = r.Message,
            RequestedRights = r.Rights | AccessRight.ViewCompany, Status = ClientInvitationStatus.Pending,
            TokenHash = OneTimeTokens.Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime,
            InvitedByUserId = actor.UserId, InvitedByName = actor.DisplayName,
        };
        db.ClientInvitations.Add(invitation);
        QueueInvitationMail(db, invitation, actor.PartnerName ?? "", token, now);
        AuditLog.Record(db, actor, "client.invited", now, after: new
        {
            invitation.CompanyName, invitation.OrganisationNumber, invitation.ContactEmail,
            Rights = invitation.RequestedRights.ToString(),
        });
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
        Publish(partnerId, null);
        return invitation.Id;
    }

    private async Task ValidateAsync(AppDbContext db, int partnerId, ClientRequest r, DateTime now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(r.CompanyName)) errors[nameof(r.CompanyName)] = L["Enter the company's name."];
        if (string.IsNullOrEmpty(r.OrganisationNumber)) errors[nameof(r.OrganisationNumber)] = L["Enter the organisation number."];
        if (!AgreementService.Countries.Contains(r.Country)) errors[nameof(r.Country)] = L["Choose a country."];
        if (string.IsNullOrEmpty(r.ContactName)) errors[nameof(r.ContactName)] = L["Enter the contact's name."];
        TextRules.CheckEmail(errors, nameof(r.ContactEmail), r.ContactEmail, L);
        if ((r.Rights & ~AccessRight.All) != 0 || r.Rights == AccessRight.None)
            errors[nameof(r.Rights)] = L["Choose at least one right."];
        TextRules.Check(errors, nameof(r.CompanyName), r.CompanyName, TextRules.Name, L);
        TextRules.Check(errors, nameof(r.OrganisationNumber), r.OrganisationNumber, TextRules.OrganisationNumber, L);
        TextRules.Check(errors, nameof(r.ContactName), r.ContactName, TextRules.Name, L);
        TextRules.Check(errors, nameof(r.Message), r.Message, TextRules.Message, L, multiline: true);

        if (!errors.ContainsKey(nameof(r.OrganisationNumber)))
        {
            var number = r.OrganisationNumber!.ToLower();
            if (await db.Companies.AnyAsync(c => c.PartnerId == partnerId && c.OrganisationNumber.ToLower() == number, ct))
                errors[nameof(r.OrganisationNumber)] = L["This company is already your client."];
        }
        var email = r.ContactEmail?.ToLower();
        var pending = await db.ClientInvitations
            .Where(i => i.PartnerId == partnerId && i.Status == ClientInvitationStatus.Pending && i.ExpiresAt > now)
            .Where(i => i.OrganisationNumber.ToLower() == (r.OrganisationNumber ?? "").ToLower() || i.ContactEmail.ToLower() == email)
            .Select(i => new { i.CompanyName, i.ContactEmail, i.CreatedAt }).FirstOrDefaultAsync(ct);
        if (pending is not null)
            errors.TryAdd(nameof(r.OrganisationNumber), L["An invitation to {0} ({1}) sent on {2:d} is still pending.",
                pending.CompanyName, pending.ContactEmail, pending.CreatedAt]);
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);
    }

    private void QueueInvitationMail(AppDbContext db, ClientInvitation invitation, string partnerName, string token, DateTime now)
    {
        // The client has no account yet: the language of its country.
        using var _ = Languages.Speak(Languages.ForRecipient(null, invitation.Country));
        var link = links.WithToken("clients/invitation", token);
        var lines = new List<string>
        {
            L["Hello {0},", invitation.ContactName],
            "",
            L["{0} of {1} asks to administer {2} in AdminConsole with these rights:", invitation.InvitedByName, partnerName,
                invitation.CompanyName],
            policy.RightsText(invitation.RequestedRights),
        };
        if (invitation.Message is not null)
            lines.AddRange(["", invitation.Message]);
        lines.AddRange(["", L["You decide which rights to grant and how you pay. Open the invitation here (the link works once and expires on {0:d}):",
            invitation.ExpiresAt], link]);
        EmailOutbox.Enqueue(db, now, invitation.ContactEmail, invitation.ContactName,
            L["{0} asks to administer {1}", partnerName, invitation.CompanyName], string.Join("\n", lines));
    }

    public async Task<PagedResult<InvitationRow>> ListAsync(InvitationState? state, int page, CancellationToken ct = default)
    {
        var actor = await policy.DemandPartnerRoleAsync(PartnerRole.PartnerAdmin, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var query = db.ClientInvitations.AsNoTracking();
        if (!actor.IsOperator)
            query = query.Where(i => i.PartnerId == actor.PartnerId);
        query = state switch
        {
            InvitationState.Pending => query.Where(i => i.Status == ClientInvitationStatus.Pending && i.ExpiresAt > now),
            InvitationState.Expired => query.Where(i => i.Status == ClientInvitationStatus.Pending && i.ExpiresAt <= now),
            InvitationState.Accepted => query.Where(i => i.Status == ClientInvitationStatus.Accepted),
            InvitationState.Declined => query.Where(i => i.Status == ClientInvitationStatus.Declined),
            InvitationState.Revoked => query.Where(i => i.Status == ClientInvitationStatus.Revoked),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        page = Paging.Clamp(page, total, PageSize);
        var rows = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new PagedResult<InvitationRow>(rows.Select(i => Row(i, now)).ToList(), total, page, PageSize);
    }

    private static InvitationRow Row(ClientInvitation i, DateTime now) => new(i.Id, i.CompanyName, i.OrganisationNumber,
        i.ContactName, i.ContactEmail, i.RequestedRights, i.GrantedRights, i.PaymentMethod, StateOf(i, now), i.CreatedAt,
        i.ExpiresAt, i.DecidedAt, i.InvitedByName, i.CompanyId, i.Version);

    public static InvitationState StateOf(ClientInvitation i, DateTime now) => i.Status switch
    {
        ClientInvitationStatus.Pending => i.ExpiresAt > now ? InvitationState.Pending : InvitationState.Expired,
        ClientInvitationStatus.Accepted => InvitationState.Accepted,
        ClientInvitationStatus.Declined => InvitationState.Declined,
        _ => InvitationState.Revoked,
    };

    /// <summary>Resend: a new link (the old one stops working) and a new expiry date, for a pending or expired invitation.</summary>
    public async Task ResendAsync(int invitationId, long version, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await OwnInvitationAsync(db, actor, invitationId, version, ct);
        var now = time.UtcNow();
        var token = OneTimeTokens.NewToken();
        var before = new { invitation.ExpiresAt };
        invitation.TokenHash = OneTimeTokens.Hash(token);
        invitation.ExpiresAt = now + Lifetime;
        QueueInvitationMail(db, invitation, actor.PartnerName ?? "", token, now);
        AuditLog.Record(db, actor, "client.resent", now, before: before, after: new { invitation.ExpiresAt });
        await db.SaveSafelyAsync(L, ct, Conflict);
        outbox.Nudge();
        Publish(invitation.PartnerId, null);
    }

    public async Task RevokeAsync(int invitationId, long version, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await OwnInvitationAsync(db, actor, invitationId, version, ct);
        invitation.Status = ClientInvitationStatus.Revoked;
        invitation.TokenHash = null;
        invitation.DecidedAt = time.UtcNow();
        AuditLog.Record(db, actor, "client.revoked", time.UtcNow(), before: new { invitation.CompanyName, invitation.ContactEmail });
        await db.SaveSafelyAsync(L, ct, Conflict);
        Publish(invitation.PartnerId, null);
    }

    /// <summary>The partner's own invitation that is still undecided; another partner's id acts like an unknown one.</summary>
    private async Task<ClientInvitation> OwnInvitationAsync(AppDbContext db, Actor actor, int id, long version, CancellationToken ct)
    {
        var invitation = await db.ClientInvitations.SingleOrDefaultAsync(i => i.Id == id && i.PartnerId == actor.PartnerId, ct)
                         ?? throw new NotFoundProblem(L["There is no such invitation."]);
        if (invitation.Version != version || invitation.Status != ClientInvitationStatus.Pending)
            throw Conflict();
        return invitation;
    }

    private ConflictProblem Conflict() => new(L["This invitation was changed or decided meanwhile; the list has been refreshed."]);

    /// <summary>The invitation behind a link, or the reason it cannot be used (used, expired, revoked, unknown).</summary>
    public async Task<(InvitationForClient? Invitation, string? Problem)> OpenAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (invitation, problem) = await FindAsync(db, token, ct);
        return invitation is null
            ? (null, problem)
            : (new InvitationForClient(invitation.Partner.Name, invitation.CompanyName, invitation.ContactName,
                invitation.RequestedRights, invitation.Message, invitation.ExpiresAt), null);
    }

    private async Task<(ClientInvitation?, string?)> FindAsync(AppDbContext db, string? token, CancellationToken ct)
    {
        var unusable = L["This invitation link cannot be used: it was used already, withdrawn, or is not valid."].Value;
        if (!OneTimeTokens.IsWellFormed(token))
            return (null, unusable);
        var hash = OneTimeTokens.Hash(token);
        var invitation = await db.ClientInvitations.Include(i => i.Partner).SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.Status != ClientInvitationStatus.Pending)
            return (null, unusable);
        return invitation.ExpiresAt <= time.UtcNow()
            ? (null, L["This invitation has expired. Ask {0} to send a new one.", invitation.Partner.Name])
            : (invitation, null);
    }

    /// <summary>The client accepts with its own choice of rights and payment method; returns the problem, if any.</summary>
    public async Task<string?> AcceptAsync(string? token, ClientDecision decision, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (invitation, problem) = await FindAsync(db, token, ct);
        if (invitation is null)
            return problem;
        if ((decision.Granted & ~AccessRight.All) != 0 || !Enum.IsDefined(decision.Payment))
            return L["Choose the rights and how you pay."];
        var now = time.UtcNow();
        var granted = decision.Granted | AccessRight.ViewCompany;
        // Two saves (the company needs its id for the audit entry), one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var company = await JoinAsync(db, invitation, granted, now, ct);
        invitation.Status = ClientInvitationStatus.Accepted;
        invitation.GrantedRights = granted;
        invitation.PaymentMethod = decision.Payment;
        invitation.DecidedAt = now;
        invitation.TokenHash = null;
        invitation.Company = company;
        await db.SaveSafelyAsync(L, ct);
        AuditLog.RecordByLink(db, invitation.ContactName, invitation.CompanyName, company.Id,
            "client.accepted", now, after: new { Requested = invitation.RequestedRights.ToString(), Granted = granted.ToString(),
                Payment = decision.Payment.ToString() });
        await EmailOutbox.EnqueueForPartnerLeadersAsync(db, invitation.PartnerId, now, null,
            () => (L["{0} accepted your invitation", invitation.CompanyName],
            L["{0} accepted for {1}. Rights granted: {2}. Payment: {3}.", invitation.ContactName, invitation.CompanyName,
                policy.RightsText(granted), PaymentText(L, decision.Payment)]), ct);
        await db.SaveSafelyAsync(L, ct);
        await transaction.CommitAsync(ct);
        outbox.Nudge();
        Publish(invitation.PartnerId, company.Id);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, company.Id, ct, invitation.PartnerId);
        return null;
    }

    /// <summary>
    /// A new organisation number becomes a company owned by the partner with exactly the granted rights, an Internal
    /// subscription and the contact as its first user; a company already in the console enrols the partner instead.
    /// </summary>
    private async Task<Company> JoinAsync(AppDbContext db, ClientInvitation invitation, AccessRight granted, DateTime now,
        CancellationToken ct)
    {
        var number = invitation.OrganisationNumber.ToLower();
        var existing = await db.Companies.Where(c => c.OrganisationNumber.ToLower() == number).OrderBy(c => c.Id)
            .FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            var company = new Company
            {
                PartnerId = invitation.PartnerId, OwnerRights = granted, Name = invitation.CompanyName,
                OrganisationNumber = invitation.OrganisationNumber, Country = invitation.Country, CreatedAt = now,
                AgreementNumber = await AgreementNumbers.NextAsync(db, ct),
                Subscription = new Subscription { Plan = Plan.Small, AgreementType = AgreementType.Internal },
            };
            db.Companies.Add(company);
            db.CompanyUsers.Add(new CompanyUser
            {
                Company = company, Name = invitation.ContactName, Email = invitation.ContactEmail,
                NormalizedEmail = invitation.ContactEmail.ToLowerInvariant(), InvitedAt = now, AcceptedAt = now,
                InvitedByName = invitation.InvitedByName,
            });
            return company;
        }
        if (existing.PartnerId == invitation.PartnerId)
        {
            existing.OwnerRights = granted;
            return existing;
        }
        var access = await db.AdministratorAccesses.Where(ActiveAccess.At(now))
            .SingleOrDefaultAsync(a => a.CompanyId == existing.Id && a.PartnerId == invitation.PartnerId, ct);
        if (access is null)
            db.AdministratorAccesses.Add(new AdministratorAccess
            {
                CompanyId = existing.Id, PartnerId = invitation.PartnerId, Rights = granted, GrantedAt = now,
                GrantedByUserId = "link", GrantedByName = invitation.ContactName,
            });
        else
            access.Rights = granted;
        return existing;
    }

    public async Task<string?> DeclineAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (invitation, problem) = await FindAsync(db, token, ct);
        if (invitation is null)
            return problem;
        var now = time.UtcNow();
        invitation.Status = ClientInvitationStatus.Declined;
        invitation.DecidedAt = now;
        invitation.TokenHash = null;
        AuditLog.RecordByLink(db, invitation.ContactName, invitation.CompanyName, null, "client.declined", now);
        await EmailOutbox.EnqueueForPartnerLeadersAsync(db, invitation.PartnerId, now, null,
            () => (L["{0} declined your invitation", invitation.CompanyName],
            L["{0} declined the invitation for {1}.", invitation.ContactName, invitation.CompanyName]), ct);
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
        Publish(invitation.PartnerId, null);
        return null;
    }

    /// <summary>
    /// The client's profile: what was asked and what was granted, per partner that joined through an invitation.
    /// A partner sees only its own grant; the company's own users and operators see every one.
    /// </summary>
    public async Task<IReadOnlyList<PartnerGrant>> PartnerAccessAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ClientInvitations.AsNoTracking()
            .Where(i => i.CompanyId == companyId && i.Status == ClientInvitationStatus.Accepted);
        if (permit.Actor.PartnerId is int own)
            query = query.Where(i => i.PartnerId == own);
        return await query.OrderByDescending(i => i.DecidedAt)
            .Select(i => new PartnerGrant(i.Partner.Name, i.RequestedRights, i.GrantedRights ?? AccessRight.None,
                i.PaymentMethod ?? PaymentMethod.PartnerPays, i.ContactName, i.DecidedAt ?? i.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The acting person's partner's employees on this client (an operator sees every partner's).</summary>
    public async Task<ClientTeam> TeamAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        var actor = permit.Actor;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employees = db.PartnerMembers.Where(m => m.Role == PartnerRole.PartnerEmployee &&
                                                     (actor.IsOperator || m.PartnerId == actor.PartnerId));
        var assigned = await employees.Where(m => db.ClientAssignments.Any(a => a.CompanyId == companyId && a.UserId == m.UserId))
            .OrderBy(m => m.User.DisplayName).Select(m => new TeamMember(m.UserId, m.User.DisplayName, m.User.Email ?? ""))
            .ToListAsync(ct);
        var canAssign = actor.PartnerId is not null && actor.Role >= PartnerRole.PartnerAdmin;
        var available = !canAssign ? [] : await employees
            .Where(m => !db.ClientAssignments.Any(a => a.CompanyId == companyId && a.UserId == m.UserId))
            .OrderBy(m => m.User.DisplayName).Select(m => new TeamMember(m.UserId, m.User.DisplayName, m.User.Email ?? ""))
            .ToListAsync(ct);
        return new ClientTeam(canAssign, assigned, available);
    }

    /// <summary>Partner admins and legal representatives assign their own partner's employees to a client they reach.</summary>
    public async Task AssignAsync(int companyId, string userId, bool assign, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        var actor = permit.Actor;
        if (actor.PartnerId is null || actor.Role < PartnerRole.PartnerAdmin)
            throw new ForbiddenProblem(L["Only partner admins and legal representatives assign employees to clients."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employee = await db.PartnerMembers.Where(m => m.UserId == userId && m.PartnerId == actor.PartnerId &&
                                                          m.Role == PartnerRole.PartnerEmployee)
                           .Select(m => m.User.DisplayName).SingleOrDefaultAsync(ct)
                       ?? throw new NotFoundProblem(L["There is no such employee in your team."]);
        var existing = await db.ClientAssignments.SingleOrDefaultAsync(a => a.CompanyId == companyId && a.UserId == userId, ct);
        var now = time.UtcNow();
        if (assign && existing is null)
            db.ClientAssignments.Add(new ClientAssignment
            {
                CompanyId = companyId, UserId = userId, AssignedAt = now, AssignedByName = actor.DisplayName,
            });
        else if (!assign && existing is not null)
            db.ClientAssignments.Remove(existing);
        else
            return;
        AuditLog.Record(db, permit, assign ? "client.assigned" : "client.unassigned", now, after: new { Employee = employee });
        await db.SaveSafelyAsync(L, ct);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
    }

    private void Publish(int partnerId, int? companyId) =>
        notifier.Publish(new ChangeEvent(ChangeKind.ClientsChanged, companyId, [partnerId]));


    public static string PaymentText(IStringLocalizer L, PaymentMethod payment) => payment switch
    {
        PaymentMethod.ClientPays => L["The client pays (invoice or card)"],
        _ => L["Billed through the partner"],
    };
}
