using System.Text.Json;
using System.Text.RegularExpressions;
using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Subscriptions;

public sealed record SubscriptionState(
    Plan Plan,
    AgreementType AgreementType,
    string? SuperuserName,
    string? SuperuserLogin,
    string? SuperuserEmail);

public sealed record SubscriptionHistoryItem(DateTime At, string Who, string ActingFor, SubscriptionState? From,
    SubscriptionState? To, string Action);

public sealed record SubscriptionStatus(
    int CompanyId,
    string CompanyName,
    SubscriptionState Current,
    bool SuperuserActivated,
    long Version,
    bool CanEdit,
    IReadOnlyList<SubscriptionHistoryItem> History,
    string Currency);

/// <summary>What the Edit dialog sends: the new state and the version it was based on.</summary>
public sealed record SubscriptionChange(SubscriptionState To, long ExpectedVersion);

/// <summary>Subscription status: plan and agreement type, internal ↔ external with the superuser's login.</summary>
public sealed partial class SubscriptionService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    ILookupNormalizer normalizer,
    EmailOutbox outbox,
    ChangeNotifier notifier,
    PublicLinks links,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(7);
    private const string Changed = "subscription.changed";
    private const string Resent = "subscription.activation-resent";

    /// <summary>Lower-case letters, digits, dot, hyphen and underscore; 3–32 characters; starts with a letter or digit.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    public static partial Regex SuperuserIdPattern();

    public async Task<SubscriptionStatus> GetAsync(int companyId, CancellationToken ct = default) =>
        await StatusAsync(await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct), ct);

    /// <summary>The status behind a permit already granted (every right includes viewing the company).</summary>
    private async Task<SubscriptionStatus> StatusAsync(CompanyPermit permit, CancellationToken ct)
    {
        var companyId = permit.CompanyId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Subscriptions.AsNoTracking().SingleAsync(x => x.CompanyId == companyId, ct);
        var activated = s.SuperuserLogin is not null && await db.Users.AnyAsync(u =>
            u.CompanyId == companyId && u.NormalizedUserName == normalizer.NormalizeName(s.SuperuserLogin) &&
            u.PasswordHash != null, ct);
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.CompanyId == companyId && (a.Action == Changed || a.Action == Resent))
            .OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        var currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Partner.Currency).SingleAsync(ct);
        return new SubscriptionStatus(companyId, permit.CompanyName, StateOf(s), activated, s.Version,
            permit.Can(AccessRight.ManageSubscription),
            audit.Select(a => new SubscriptionHistoryItem(a.At, AuditLog.Shown(a.ActorName, L), AuditLog.Shown(a.ActingFor, L), Parse(a.Before), Parse(a.After),
                a.Action == Resent ? "Activation e-mail resent" : "Changed")).ToList(), currency);
    }

    /// <summary>Saves a new plan or agreement type; switching to external creates the superuser's login and e-mails an activation link.</summary>
    public async Task<SubscriptionStatus> ChangeAsync(int companyId, SubscriptionChange change, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageSubscription, ct);
        var to = Normalize(change.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ValidateAsync(db, companyId, to, ct);

        var company = await db.Companies.Include(c => c.Subscription).Include(c => c.Partner)
            .SingleAsync(c => c.Id == companyId, ct);
        var s = company.Subscription;
        if (s.Version != change.ExpectedVersion)
            throw Conflict();
        var from = StateOf(s);
        if (from == to)
            return await StatusAsync(permit, ct);

        var now = time.UtcNow();
        (s.Plan, s.AgreementType, s.SuperuserName, s.SuperuserLogin, s.SuperuserEmail) =
            (to.Plan, to.AgreementType, to.SuperuserName, to.SuperuserLogin, to.SuperuserEmail);

        var superuser = from.SuperuserLogin is null ? null : await db.Users.SingleOrDefaultAsync(u =>
            u.CompanyId == companyId && u.NormalizedUserName == normalizer.NormalizeName(from.SuperuserLogin), ct);
        if (to.AgreementType == AgreementType.Internal)
        {
            // The customer loses its own access at once: the login is removed, so open sessions fail their next check.
            if (superuser is not null)
                db.Users.Remove(superuser);
        }
        else if (superuser is null || from.SuperuserLogin != to.SuperuserLogin || from.SuperuserEmail != to.SuperuserEmail)
        {
            // A new superuser, or another person's address: the login starts again from an activation link.
            var user = superuser ?? db.Users.Add(new AppUser { CompanyId = companyId, LockoutEnabled = true }).Entity;
            SetSuperuser(user, to);
            user.PasswordHash = null;
            var token = OneTimeTokens.Issue(db, user, OneTimeTokens.SuperuserActivation, now, ActivationLifetime);
            QueueActivationMail(db, company, user, token, now, from.AgreementType == AgreementType.Internal);
        }
        else if (from.Plan != to.Plan || from.SuperuserName != to.SuperuserName)
        {
            superuser.DisplayName = to.SuperuserName!;
            QueuePlanMail(db, company, superuser, to, now);
        }

        AuditLog.Record(db, permit, Changed, now, from, to);
        try
        {
            await db.SaveSafelyAsync(L, ct, Conflict);
        }
        catch (DbUpdateException e) when (Saving.IsDuplicate(e))
        {
            // Another console took the ID or e-mail between our check and our save: its field says which.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            await ValidateAsync(fresh, companyId, to, ct);
            throw Conflict();
        }
        outbox.Nudge();
        await notifier.PublishSubscriptionAsync(db, companyId, new SubscriptionFacts(to.Plan, to.AgreementType), ct);
        return await StatusAsync(permit, ct);
    }

    /// <summary>A new activation link for an external company's superuser; the old link stops working.</summary>
    public async Task ResendActivationAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageSubscription, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.Include(c => c.Subscription).Include(c => c.Partner)
            .SingleAsync(c => c.Id == companyId, ct);
        var s = company.Subscription;
        if (s.AgreementType != AgreementType.External || s.SuperuserLogin is null)
            throw new ValidationProblem(new Dictionary<string, string>(), L["Only an external agreement has a superuser to activate."]);
        var now = time.UtcNow();
        var user = await db.Users.SingleOrDefaultAsync(u =>
            u.CompanyId == companyId && u.NormalizedUserName == normalizer.NormalizeName(s.SuperuserLogin), ct);
        // The sign-in was made when the company became external; re-sending never makes a second one.
        if (user is null)
            throw new ValidationProblem(new Dictionary<string, string>(),
                L["This superuser has no sign-in to activate. Change the subscription and save the superuser again."]);
        var token = OneTimeTokens.Issue(db, user, OneTimeTokens.SuperuserActivation, now, ActivationLifetime);
        QueueActivationMail(db, company, user, token, now, switchedNow: false);
        AuditLog.Record(db, permit, Resent, now, after: new { s.SuperuserLogin, s.SuperuserEmail });
        await db.SaveSafelyAsync(L, ct);
        outbox.Nudge();
        await notifier.PublishCompanyAsync(db, ChangeKind.SubscriptionChanged, companyId, ct);
    }

    internal static SubscriptionState Normalize(SubscriptionState s) => s.AgreementType == AgreementType.Internal
        ? new SubscriptionState(s.Plan, AgreementType.Internal, null, null, null)
        : s with
        {
            SuperuserName = s.SuperuserName?.Trim(),
            SuperuserLogin = s.SuperuserLogin?.Trim().ToLowerInvariant(),
            SuperuserEmail = s.SuperuserEmail?.Trim(),
        };

    /// <summary>Field errors for a subscription state; companyId 0 for a company not yet created.</summary>
    internal async Task ValidateAsync(AppDbContext db, int companyId, SubscriptionState to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(to.Plan))
            errors[nameof(to.Plan)] = L["Choose a plan."];
        if (!Enum.IsDefined(to.AgreementType))
            errors[nameof(to.AgreementType)] = L["Choose internal or external."];
        if (to.AgreementType == AgreementType.External)
        {
            if (string.IsNullOrWhiteSpace(to.SuperuserName))
                errors[nameof(to.SuperuserName)] = L["Enter the superuser's name."];

            if (string.IsNullOrEmpty(to.SuperuserLogin))
                errors[nameof(to.SuperuserLogin)] = L["Enter a superuser ID."];
            else if (!SuperuserIdPattern().IsMatch(to.SuperuserLogin))
                errors[nameof(to.SuperuserLogin)] =
                    L["Use 3–32 characters: letters a–z, digits, dot, hyphen or underscore, starting with a letter or digit."];
            else if (await db.Subscriptions.AnyAsync(x => x.SuperuserLogin == to.SuperuserLogin && x.CompanyId != companyId, ct) ||
                     await db.Users.AnyAsync(u => u.NormalizedUserName == normalizer.NormalizeName(to.SuperuserLogin) &&
                                                 u.CompanyId != companyId, ct))
                errors[nameof(to.SuperuserLogin)] = L["This superuser ID is already taken. Choose another."];

            if (string.IsNullOrEmpty(to.SuperuserEmail))
                errors[nameof(to.SuperuserEmail)] = L["Enter the superuser's e-mail."];
            else if (!TextRules.IsEmail(to.SuperuserEmail))
                errors[nameof(to.SuperuserEmail)] = L["Enter a valid e-mail address, like name@example.com."];
            // Every external company's superuser has its sign-in (pending until activated), so this one check
            // covers staff, activated and pending superusers; the unique index settles two saves at once.
            else if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizer.NormalizeEmail(to.SuperuserEmail) &&
                                                 (u.CompanyId == null || u.CompanyId != companyId), ct))
                errors[nameof(to.SuperuserEmail)] = L["This e-mail already belongs to another sign-in."];
            TextRules.Check(errors, nameof(to.SuperuserName), to.SuperuserName, TextRules.Name, L);
        }
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);
    }


    private void SetSuperuser(AppUser user, SubscriptionState s)
    {
        user.UserName = s.SuperuserLogin;
        user.NormalizedUserName = normalizer.NormalizeName(s.SuperuserLogin);
        user.Email = s.SuperuserEmail;
        user.NormalizedEmail = normalizer.NormalizeEmail(s.SuperuserEmail);
        user.DisplayName = s.SuperuserName!;
        // A new stamp ends sessions signed in under the old details at their next check.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private void QueueActivationMail(AppDbContext db, Company company, AppUser user, string token, DateTime now,
        bool switchedNow)
    {
        using var _ = Languages.Speak(Languages.ForRecipient(user.Language, company.Country));
        var link = links.WithToken("account/activate", token);
        var intro = switchedNow
            ? L["{0} has changed the agreement of {1} (agreement number {2}) from internal to external. You now have your own access to it as its superuser.",
                company.Partner.Name, company.Name, company.AgreementNumber]
            : L["Here is a new activation link for your superuser login to {0} (agreement number {1}). Earlier links no longer work.",
                company.Name, company.AgreementNumber];
        var body = string.Join("\n", L["Hello {0},", user.DisplayName], "", intro, "",
            L["Your superuser ID (user name): {0}", user.UserName!], "",
            L["Activate your login and choose a password here (the link works once and expires on {0:d}):",
                now + ActivationLifetime], link, "", L["Subscription: {0}", L[company.Subscription.Plan.ToString()]]);
        EmailOutbox.Enqueue(db, now, user.Email!, user.DisplayName,
            switchedNow ? L["Your agreement for {0} is now external", company.Name] : L["Activate your login to {0}", company.Name],
            body, company.Id);
    }

    private void QueuePlanMail(AppDbContext db, Company company, AppUser superuser, SubscriptionState to, DateTime now)
    {
        using var _ = Languages.Speak(Languages.ForRecipient(superuser.Language, company.Country));
        EmailOutbox.Enqueue(db, now, to.SuperuserEmail!, to.SuperuserName!, L["Your subscription for {0} has changed", company.Name],
            string.Join("\n", L["Hello {0},", to.SuperuserName!], "",
                L["{0} has changed the subscription of {1} to {2}.", company.Partner.Name, company.Name, L[to.Plan.ToString()]]),
            company.Id);
    }


    private ConflictProblem Conflict() =>
        new(L["Someone else changed this subscription while you were editing."]);

    private static SubscriptionState StateOf(Subscription s) =>
        new(s.Plan, s.AgreementType, s.SuperuserName, s.SuperuserLogin, s.SuperuserEmail);

    private static SubscriptionState? Parse(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<SubscriptionState>(json, AuditLog.Json);
}
