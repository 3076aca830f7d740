using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.CompanyUsers;

public sealed record CompanyUserRow(int Id, string Name, string Email, bool Accepted, DateTime InvitedAt, string InvitedBy,
    DateTime? InvitationExpiresAt, long Version);

public sealed record CompanyUsersView(int CompanyId, bool CanManage, string? Superuser, IReadOnlyList<CompanyUserRow> Users);

public sealed record InvitationView(string CompanyName, string Name, bool Valid, string? Problem);

/// <summary>Company → Users: the people with access to the company's own system, invited by e-mail. They hold the licenses.</summary>
public sealed class CompanyUserService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    ChangeNotifier notifier,
    PublicLinks links,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<CompanyUsersView> GetAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var superuser = await db.Subscriptions.Where(s => s.CompanyId == companyId && s.AgreementType == AgreementType.External)
            .Select(s => s.SuperuserName + " <" + s.SuperuserEmail + ">").FirstOrDefaultAsync(ct);
        var users = await db.CompanyUsers.AsNoTracking().Where(u => u.CompanyId == companyId).OrderBy(u => u.Name)
            .Select(u => new CompanyUserRow(u.Id, u.Name, u.Email, u.AcceptedAt != null, u.InvitedAt, u.InvitedByName,
                u.InvitationExpiresAt, u.Version))
            .Take(500).ToListAsync(ct);
        return new CompanyUsersView(companyId, permit.Can(AccessRight.ManageUsers), superuser, users);
    }

    public async Task InviteAsync(int companyId, string? name, string? email, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        var errors = new Dictionary<string, string>();
        name = name?.Trim();
        email = email?.Trim();
        TextRules.Check(errors, "Name", name, TextRules.Name, L);
        if (string.IsNullOrEmpty(name)) errors["Name"] = L["Enter the person's name."];
        TextRules.CheckEmail(errors, "Email", email, L);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = email?.ToLowerInvariant() ?? "";
        if (errors.Count == 0 && await db.CompanyUsers.AnyAsync(u => u.CompanyId == companyId && u.NormalizedEmail == normalized, ct))
            errors["Email"] = L["This person already has access or an invitation."];
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);

        var now = time.UtcNow();
        var token = OneTimeTokens.NewToken();
        var user = new CompanyUser
        {
            CompanyId = companyId, Name = name!, Email = email!, NormalizedEmail = normalized, InvitedAt = now,
            InvitedByName = permit.Actor.DisplayName, InvitationHash = OneTimeTokens.Hash(token),
            InvitationExpiresAt = now + InvitationLifetime,
        };
        db.CompanyUsers.Add(user);
        var link = links.WithToken("invitations/accept", token);
        // Someone without an account yet: written in the language of the company's country.
        using (Languages.Speak(Languages.ForRecipient(null, permit.Country)))
            EmailOutbox.Enqueue(db, now, email!, name!, L["You are invited to {0}", permit.CompanyName],
            string.Join("\n", L["Hello {0},", name!], "", L["{0} has invited you to {1}.", permit.Actor.DisplayName, permit.CompanyName],
                "", L["Accept the invitation here (the link works once and expires on {0:d}):", now + InvitationLifetime], link),
            companyId);
        AuditLog.Record(db, permit, "user.invited", now, after: new { name, email });
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
        await PublishAsync(db, companyId, ct);
    }

    public async Task RemoveAsync(int companyId, int userId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.CompanyUsers.SingleOrDefaultAsync(u => u.Id == userId && u.CompanyId == companyId, ct)
                   ?? throw new ConflictProblem(L["This person no longer has access; the list has been refreshed."]);
        db.CompanyUsers.Remove(user);
        AuditLog.Record(db, permit, "user.removed", time.UtcNow(), before: new { user.Name, user.Email, Accepted = user.AcceptedAt != null });
        await db.SaveSafelyAsync(L, ct);
        await PublishAsync(db, companyId, ct);
    }

    /// <summary>The invitation link: anyone holding it may accept it, once, before it expires.</summary>
    public async Task<InvitationView> CheckInvitationAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (user, problem) = await FindAsync(db, token, ct);
        return new InvitationView(user?.Company.Name ?? "", user?.Name ?? "", problem is null, problem);
    }

    public async Task<string?> AcceptAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (user, problem) = await FindAsync(db, token, ct);
        if (user is null || problem is not null)
            return problem;
        user.AcceptedAt = time.UtcNow();
        user.InvitationHash = null;
        AuditLog.RecordByLink(db, user.Name, user.Company.Name, user.CompanyId, "user.accepted", time.UtcNow(),
            after: new { Email = user.NormalizedEmail });
        await db.SaveSafelyAsync(L, ct);
        await PublishAsync(db, user.CompanyId, ct);
        return null;
    }

    private async Task<(CompanyUser?, string?)> FindAsync(AppDbContext db, string? token, CancellationToken ct)
    {
        if (!OneTimeTokens.IsWellFormed(token))
            return (null, L["This invitation link is not valid. It may have been used already."]);
        var hash = OneTimeTokens.Hash(token);
        var user = await db.CompanyUsers.Include(u => u.Company).SingleOrDefaultAsync(u => u.InvitationHash == hash, ct);
        if (user is null)
            return (null, L["This invitation link is not valid. It may have been used already."]);
        return user.InvitationExpiresAt <= time.UtcNow()
            ? (user, L["This invitation has expired. Ask for a new one."])
            : (user, null);
    }

    /// <summary>Users change the license counts of the company's agreement, so the owner's agreement pages refresh too.</summary>
    private async Task PublishAsync(AppDbContext db, int companyId, CancellationToken ct)
    {
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
        var owner = await db.Companies.Where(c => c.Id == companyId).Select(c => c.PartnerId).SingleAsync(ct);
        notifier.Publish(new ChangeEvent(ChangeKind.AgreementChanged, null, [owner]));
    }
}
