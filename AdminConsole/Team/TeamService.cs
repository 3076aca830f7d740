using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Team;

public sealed record TeamRow(string UserId, string Name, string Email, PartnerRole Role, bool Activated, bool IsSelf, bool TwoStep);

/// <summary>The partner's own settings, which its legal representatives change.</summary>
public sealed record PartnerSettings(string Currency, bool AskReasonToEnter, bool RequireTwoStep, long Version);

public sealed record TeamView(bool CanManage, IReadOnlyList<TeamRow> Members, PartnerSettings Settings);

/// <summary>
/// A partner's own people: legal representatives invite staff by e-mail with a role, change roles and remove members.
/// A partner always keeps at least one legal representative.
/// </summary>
public sealed class TeamService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    ILookupNormalizer normalizer,
    EmailOutbox outbox,
    TimeProvider time,
    PublicLinks links,
    ChangeNotifier notifier,
    IStringLocalizer<SharedResource> L)
{
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(7);

    public async Task<TeamView> GetAsync(CancellationToken ct = default)
    {
        var actor = await policy.DemandPartnerRoleAsync(PartnerRole.PartnerAdmin, ct);
        if (actor.PartnerId is not int partnerId)
            throw new ForbiddenProblem(L["The team belongs to a partner; operators have none."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await db.PartnerMembers.Where(m => m.PartnerId == partnerId).OrderBy(m => m.User.DisplayName)
            .Select(m => new TeamRow(m.UserId, m.User.DisplayName, m.User.Email ?? "", m.Role, m.User.PasswordHash != null,
                m.UserId == actor.UserId, m.User.TwoFactorEnabled || db.UserPasskeys.Any(k => k.UserId == m.UserId)))
            .ToListAsync(ct);
        var settings = await db.Partners.Where(p => p.Id == partnerId).Select(p => new PartnerSettings(p.Currency, p.AskReasonToEnter, p.RequireTwoStep, p.Version))
            .SingleAsync(ct);
        return new TeamView(AccessPolicy.IsLegalRepresentative(actor), members, settings);
    }

    /// <summary>Saves the partner's settings if nobody changed them since <paramref name="input"/>'s version was read.</summary>
    public async Task<PartnerSettings> SaveSettingsAsync(PartnerSettings input, CancellationToken ct = default)
    {
        var actor = await policy.DemandLegalRepresentativeAsync(L["Only the partner's legal representatives change the partner's settings."], ct);
        if (!Money.IsSupported(input.Currency))
            throw new ValidationProblem(new Dictionary<string, string> { ["Currency"] = L["Choose one of the currencies offered."] },
                L["Choose one of the currencies offered."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partner = await db.Partners.SingleAsync(p => p.Id == actor.PartnerId, ct);
        if (partner.Version != input.Version)
            throw new ConflictProblem(L["Someone else changed the partner's settings meanwhile; they are shown as saved now."]);
        var before = new { partner.Currency, partner.AskReasonToEnter, partner.RequireTwoStep };
        var nowRequired = input.RequireTwoStep && !partner.RequireTwoStep;
        (partner.Currency, partner.AskReasonToEnter, partner.RequireTwoStep) = (input.Currency, input.AskReasonToEnter, input.RequireTwoStep);
        AuditLog.Record(db, actor, "partner.settings-changed", time.UtcNow(), before: before,
            after: new { partner.Currency, partner.AskReasonToEnter, partner.RequireTwoStep });
        // Staff signed in with only a password are signed out (a new security stamp) and set up a second step at
        // their next sign-in.
        if (nowRequired)
            await SignOutStaffWithoutSecondStepAsync(db, partner.Id, ct);
        await db.SaveSafelyAsync(L, ct);
        // Agreement pages and invoice bases show amounts in this currency.
        notifier.Publish(new ChangeEvent(ChangeKind.AgreementChanged, null, [partner.Id]));
        return new PartnerSettings(partner.Currency, partner.AskReasonToEnter, partner.RequireTwoStep, partner.Version);
    }

    private static async Task SignOutStaffWithoutSecondStepAsync(AppDbContext db, int partnerId, CancellationToken ct)
    {
        var people = await db.Users.Where(u => db.PartnerMembers.Any(m => m.UserId == u.Id && m.PartnerId == partnerId) &&
                                               !u.TwoFactorEnabled && !db.UserPasskeys.Any(k => k.UserId == u.Id)).ToListAsync(ct);
        foreach (var person in people)
            person.SecurityStamp = Guid.NewGuid().ToString("N");
    }

    private Task<Actor> DemandLegalAsync(CancellationToken ct) =>
        policy.DemandLegalRepresentativeAsync(L["Only the partner's legal representatives manage the team."], ct);

    /// <summary>A new member with a role; the e-mail holds a single-use link to choose a password.</summary>
    public async Task InviteAsync(string? name, string? email, PartnerRole role, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        name = name?.Trim();
        email = email?.Trim();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(name)) errors["Name"] = L["Enter the person's name."];
        TextRules.Check(errors, "Name", name, TextRules.Name, L);
        TextRules.CheckEmail(errors, "Email", email, L);
        if (!Enum.IsDefined(role)) errors["Role"] = L["Choose a role."];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!errors.ContainsKey("Email") && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizer.NormalizeEmail(email), ct))
            errors["Email"] = L["This e-mail already belongs to another sign-in."];
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);

        var now = time.UtcNow();
        var user = new AppUser
        {
            UserName = email, NormalizedUserName = normalizer.NormalizeName(email), Email = email,
            NormalizedEmail = normalizer.NormalizeEmail(email), DisplayName = name!, LockoutEnabled = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        db.PartnerMembers.Add(new PartnerMember { PartnerId = actor.PartnerId!.Value, User = user, Role = role });
        var token = OneTimeTokens.Issue(db, user, OneTimeTokens.StaffActivation, now, ActivationLifetime);
        var link = links.WithToken("account/activate", token);
        EmailOutbox.Enqueue(db, now, email!, name!, L["{0} added you to AdminConsole", actor.PartnerName ?? ""],
            string.Join("\n", L["Hello {0},", name!], "",
                L["{0} added you to {1} in AdminConsole as {2}.", actor.DisplayName, actor.PartnerName ?? "", RoleName(role)], "",
                L["Choose your password here (the link works once and expires on {0:d}):", now + ActivationLifetime], link,
                "", L["Then sign in with this e-mail address."]));
        AuditLog.Record(db, actor, "team.invited", now, after: new { name, email, Role = role.ToString() });
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
    }

    public async Task ChangeRoleAsync(string userId, PartnerRole role, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await MemberAsync(db, actor, userId, ct);
        if (member.Role == role)
            return;
        await KeepALegalRepresentativeAsync(db, member, ct);
        var before = member.Role;
        member.Role = role;
        // What the person may do changed: their open consoles end and they sign in again into the new role.
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        AuditLog.Record(db, actor, "team.role-changed", time.UtcNow(), before: new { Role = before.ToString() },
            after: new { Role = role.ToString(), member.UserId });
        await db.SaveSafelyAsync(L, ct);
    }

    /// <summary>Takes the person out of the partner: their sessions end at once, and their client assignments go.</summary>
    public async Task RemoveAsync(string userId, CancellationToken ct = default)
    {
        var actor = await DemandLegalAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await MemberAsync(db, actor, userId, ct);
        await KeepALegalRepresentativeAsync(db, member, ct);
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        db.PartnerMembers.Remove(member);
        db.ClientAssignments.RemoveRange(db.ClientAssignments.Where(a => a.UserId == userId));
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        AuditLog.Record(db, actor, "team.removed", time.UtcNow(), before: new { user.DisplayName, user.Email, Role = member.Role.ToString() });
        await db.SaveSafelyAsync(L, ct);
    }

    private async Task<PartnerMember> MemberAsync(AppDbContext db, Actor actor, string userId, CancellationToken ct) =>
        await db.PartnerMembers.SingleOrDefaultAsync(m => m.UserId == userId && m.PartnerId == actor.PartnerId, ct)
        ?? throw new NotFoundProblem(L["This person is not in your team."]);

    /// <summary>The last legal representative can be neither demoted nor removed: someone must be able to add clients.</summary>
    private async Task KeepALegalRepresentativeAsync(AppDbContext db, PartnerMember member, CancellationToken ct)
    {
        if (member.Role == PartnerRole.LegalRepresentative &&
            await db.PartnerMembers.CountAsync(m => m.PartnerId == member.PartnerId && m.Role == PartnerRole.LegalRepresentative, ct) <= 1)
            throw new ForbiddenProblem(L["The partner's last legal representative cannot be removed or given another role."]);
    }

    public string RoleName(PartnerRole role) => role switch
    {
        PartnerRole.LegalRepresentative => L["Legal representative"],
        PartnerRole.PartnerAdmin => L["Partner admin"],
        _ => L["Partner employee"],
    };
}
