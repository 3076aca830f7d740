using System.Security.Cryptography;
using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.PortalUsers;

public sealed record PortalSettingsView(int CompanyId, PortalPermission Permissions, long Version, bool CanManage);

public sealed record CustomerRow(int Id, string CustomerNumber, string Name, int Orderers);

public sealed record OrdererView(int Id, string Name, string Email, bool IsInternetUser, PortalPermission Permissions,
    PortalPermission Effective, bool PasswordSet, IReadOnlyList<string> AlsoUsedAt, long Version);

public sealed record CustomerView(int Id, int CompanyId, string CustomerNumber, string Name, PortalPermission CompanyWide,
    bool CanManage, IReadOnlyList<OrdererView> Orderers);

/// <summary>What the console knows of a login before an orderer is added with that e-mail.</summary>
public sealed record LoginInfo(bool Exists, bool PasswordSet, IReadOnlyList<string> UsedAt);

public sealed record OrdererInput(string? Name, string? Email, bool IsInternetUser, PortalPermission Permissions);

/// <summary>
/// Company → Customer portal: the company-wide internet-order settings, the customer register, and each customer's
/// orderers with their shared logins. Reading needs View company; every change needs "Manage users and portal logins".
/// </summary>
public sealed class PortalUserService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    IPasswordHasher<PortalLogin> hasher,
    PasswordRules passwordRules,
    EmailOutbox outbox,
    ChangeNotifier notifier,
    PublicLinks links,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public static readonly TimeSpan SetPasswordLifetime = TimeSpan.FromDays(7);

    public async Task<PortalSettingsView> GetSettingsAsync(int companyId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.InternetOrderSettings.AsNoTracking().SingleOrDefaultAsync(s => s.CompanyId == companyId, ct);
        return new PortalSettingsView(companyId, settings?.Permissions ?? PortalPermission.All, settings?.Version ?? 0,
            permit.Can(AccessRight.ManageUsers));
    }

    public async Task<PortalSettingsView> SaveSettingsAsync(int companyId, PortalPermission permissions, long expectedVersion,
        CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.InternetOrderSettings.SingleOrDefaultAsync(s => s.CompanyId == companyId, ct);
        if (settings is null)
            db.InternetOrderSettings.Add(settings = new InternetOrderSettings { CompanyId = companyId });
        if (settings.Version != expectedVersion)
            throw SettingsConflict();
        var before = settings.Permissions;
        settings.Permissions = permissions & PortalPermission.All;
        AuditLog.Record(db, permit, "portal.settings.changed", time.UtcNow(), new { Permissions = before.ToString() },
            new { Permissions = settings.Permissions.ToString() });
        await db.SaveSafelyAsync(L, ct, SettingsConflict);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
        return await GetSettingsAsync(companyId, ct);
    }

    private ConflictProblem SettingsConflict() =>
        new(L["Someone else changed the internet order settings while you were working. They have been reloaded."]);

    /// <summary>The customer register, paged and searched in the database: by number (from its start) or name.</summary>
    public async Task<PagedResult<CustomerRow>> SearchCustomersAsync(int companyId, string? term, int page, int pageSize = 25,
        CancellationToken ct = default)
    {
        await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        pageSize = Math.Clamp(pageSize, 5, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = db.Customers.AsNoTracking().Where(c => c.CompanyId == companyId);
        if (TextRules.SearchTerm(term) is { } clean)
        {
            // 20,000 customers in one company are read from its index range; lower() keeps both providers alike.
            var lower = clean.ToLowerInvariant();
            customers = customers.Where(c => c.CustomerNumber.StartsWith(clean) || c.Name.ToLower().Contains(lower));
        }
        var total = await customers.CountAsync(ct);
        page = Paging.Clamp(page, total, pageSize);
        var items = await customers.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CustomerRow(c.Id, c.CustomerNumber, c.Name, c.Orderers.Count))
            .ToListAsync(ct);
        return new PagedResult<CustomerRow>(items, total, page, pageSize);
    }

    public async Task<CustomerView> GetCustomerAsync(int companyId, int customerId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId && c.CompanyId == companyId, ct)
                       ?? throw NoSuchCustomer();
        var companyWide = await CompanyWideAsync(db, companyId, ct);
        var orderers = await db.Orderers.AsNoTracking().Where(o => o.CustomerId == customerId).OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.Name, o.Email, o.IsInternetUser, o.Permissions, o.Version, o.PortalLoginId,
                PasswordSet = o.PortalLogin.PasswordHash != null,
            })
            .Take(200).ToListAsync(ct);
        var alsoUsedAt = await UsedAtAsync(db, orderers.Select(o => o.PortalLoginId).ToList(), customerId, ct);
        return new CustomerView(customer.Id, companyId, customer.CustomerNumber, customer.Name, companyWide,
            permit.Can(AccessRight.ManageUsers),
            orderers.Select(o => new OrdererView(o.Id, o.Name, o.Email, o.IsInternetUser, o.Permissions,
                PortalPermissions.Effective(companyWide, o.Permissions), o.PasswordSet,
                alsoUsedAt.TryGetValue(o.PortalLoginId, out var names) ? names : [], o.Version)).ToList());
    }

    /// <summary>Whether the e-mail already has a login in this company (and a password): the form says so before saving.</summary>
    public async Task<LoginInfo> LookupLoginAsync(int companyId, string? email, CancellationToken ct = default)
    {
        await policy.DemandAsync(companyId, AccessRight.ViewCompany, ct);
        var key = SignInNames.Normalize(email);
        if (string.IsNullOrEmpty(key) || email is null || !TextRules.IsEmail(email.Trim()))
            return new LoginInfo(false, false, []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var login = await db.PortalLogins.AsNoTracking().Where(l => l.CompanyId == companyId && l.NormalizedEmail == key)
            .Select(l => new { l.Id, PasswordSet = l.PasswordHash != null }).SingleOrDefaultAsync(ct);
        if (login is null)
            return new LoginInfo(false, false, []);
        var usedAt = await UsedAtAsync(db, [login.Id], customerId: 0, ct);
        return new LoginInfo(true, login.PasswordSet, usedAt.GetValueOrDefault(login.Id) ?? []);
    }

    /// <summary>Per login: the names of the customers it is used at, apart from one (the customer on screen).</summary>
    private static async Task<Dictionary<int, IReadOnlyList<string>>> UsedAtAsync(AppDbContext db, List<int> loginIds, int customerId,
        CancellationToken ct) =>
        (await db.Orderers.AsNoTracking().Where(o => loginIds.Contains(o.PortalLoginId) && o.CustomerId != customerId)
            .OrderBy(o => o.Customer.Name).Select(o => new { o.PortalLoginId, o.Customer.Name }).Take(500).ToListAsync(ct))
        .GroupBy(o => o.PortalLoginId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(o => o.Name).Distinct().Take(20).ToList());

    /// <summary>
    /// Adds an orderer. An e-mail that already has a login in the company joins that login and keeps its password:
    /// a new contact never wipes it (the source system's "Ingen brugere findes" failure).
    /// </summary>
    public async Task<int> AddOrdererAsync(int companyId, int customerId, OrdererInput input, bool sendSetPasswordLink = false,
        CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        var (name, email) = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId && c.CompanyId == companyId, ct)
                       ?? throw NoSuchCustomer();
        var login = await LoginForAsync(db, companyId, email, ct);
        if (login.Id != 0 && await db.Orderers.AnyAsync(o => o.CustomerId == customerId && o.PortalLoginId == login.Id, ct))
            throw new ValidationProblem(new Dictionary<string, string> { ["Email"] = L["This e-mail is already an orderer of this customer."] },
                L["Please correct the marked fields. Nothing was saved."]);
        var orderer = new Orderer
        {
            Customer = customer, Name = name, Email = email, PortalLogin = login, IsInternetUser = input.IsInternetUser,
            Permissions = input.Permissions & PortalPermission.All,
        };
        db.Orderers.Add(orderer);
        AuditLog.Record(db, permit, "portal.orderer.added", time.UtcNow(), after: Snapshot(orderer, customer.Name));
        // A new login's default way to its first password, in the same save; an existing login is left as it is.
        if (sendSetPasswordLink && login.Id == 0 && input.IsInternetUser)
            QueueSetPasswordLink(db, permit, orderer.Name, login, time.UtcNow());
        await SaveAsync(db, companyId, ct);
        outbox.Nudge();
        return orderer.Id;
    }

    public async Task ChangeOrdererAsync(int companyId, int ordererId, OrdererInput input, long expectedVersion,
        CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        var (name, email) = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orderer = await FindOrdererAsync(db, companyId, ordererId, ct);
        if (orderer.Version != expectedVersion)
            throw OrdererConflict();
        var before = Snapshot(orderer, orderer.Customer.Name);
        if (SignInNames.Normalize(email) != orderer.PortalLogin.NormalizedEmail)
        {
            // Another e-mail is another login: the contact moves to it; the old one keeps its other contacts and history.
            var login = await LoginForAsync(db, companyId, email, ct);
            if (login.Id != 0 && await db.Orderers.AnyAsync(o => o.CustomerId == orderer.CustomerId && o.PortalLoginId == login.Id, ct))
                throw new ValidationProblem(new Dictionary<string, string> { ["Email"] = L["This e-mail is already an orderer of this customer."] },
                    L["Please correct the marked fields. Nothing was saved."]);
            orderer.PortalLogin = login;
        }
        (orderer.Name, orderer.Email, orderer.IsInternetUser, orderer.Permissions) =
            (name, email, input.IsInternetUser, input.Permissions & PortalPermission.All);
        AuditLog.Record(db, permit, "portal.orderer.changed", time.UtcNow(), before, Snapshot(orderer, orderer.Customer.Name));
        await SaveAsync(db, companyId, ct, OrdererConflict);
    }

    /// <summary>Removes the contact. Its login stays (with its history); without an Internet-user contact it cannot sign in.</summary>
    public async Task RemoveOrdererAsync(int companyId, int ordererId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orderer = await FindOrdererAsync(db, companyId, ordererId, ct);
        db.Orderers.Remove(orderer);
        AuditLog.Record(db, permit, "portal.orderer.removed", time.UtcNow(), before: Snapshot(orderer, orderer.Customer.Name));
        await SaveAsync(db, companyId, ct);
    }

    /// <summary>The default way to a password: a single-use link by e-mail. Earlier links stop working.</summary>
    public async Task SendSetPasswordLinkAsync(int companyId, int ordererId, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orderer = await FindOrdererAsync(db, companyId, ordererId, ct);
        QueueSetPasswordLink(db, permit, orderer.Name, orderer.PortalLogin, time.UtcNow());
        await SaveAsync(db, companyId, ct);
        outbox.Nudge();
    }

    private void QueueSetPasswordLink(AppDbContext db, CompanyPermit permit, string name, PortalLogin login, DateTime now)
    {
        var token = IssueToken(db, login, now);
        var link = links.WithToken($"portal/{permit.CompanyId}/set-password", token);
        using var _ = Languages.Speak(Languages.ForRecipient(login.Language, permit.Country));
        EmailOutbox.Enqueue(db, now, login.Email, name, L["Choose your password for the {0} customer portal", permit.CompanyName],
            string.Join("\n", L["Hello {0},", name], "",
                L["{0} has given you a login to its customer portal. Your user name is your e-mail address: {1}", permit.CompanyName,
                    login.Email], "",
                L["Choose your password here (the link works once and expires on {0:d}):", now + SetPasswordLifetime], link),
            permit.CompanyId);
        AuditLog.Record(db, permit, "portal.password-link.sent", now, after: new { login.Email });
    }

    /// <summary>The other way: the administrator sets a password (shown to them once, before saving, to pass on).</summary>
    public async Task SetPasswordAsync(int companyId, int ordererId, string? password, CancellationToken ct = default)
    {
        var permit = await policy.DemandAsync(companyId, AccessRight.ManageUsers, ct);
        var errors = await passwordRules.CheckAsync(password);
        if (errors.Count > 0)
            throw new ValidationProblem(new Dictionary<string, string> { ["Password"] = string.Join(" ", errors) },
                L["Please correct the marked fields. Nothing was saved."]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orderer = await FindOrdererAsync(db, companyId, ordererId, ct);
        SetPassword(orderer.PortalLogin, password!, time.UtcNow());
        AuditLog.Record(db, permit, "portal.password.set", time.UtcNow(), after: new { orderer.PortalLogin.Email });
        await SaveAsync(db, companyId, ct);
    }

    /// <summary>A strong password an administrator may offer instead of typing one.</summary>
    public static string SuggestPassword()
    {
        const string letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        var chars = Enumerable.Range(0, 12).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)]).ToArray();
        return $"{new string(chars, 0, 6)}-{RandomNumberGenerator.GetInt32(10, 99)}-{new string(chars, 6, 6)}!";
    }

    /// <summary>A new password for a login (from the console, a link or the portal): its old sessions end.</summary>
    internal void SetPassword(PortalLogin login, string password, DateTime now)
    {
        login.PasswordHash = hasher.HashPassword(login, password);
        login.PasswordSetAt = now;
        login.SecurityStamp = Guid.NewGuid().ToString("N");
        (login.AccessFailedCount, login.LockoutEnd) = (0, null);
    }

    internal static string IssueToken(AppDbContext db, PortalLogin login, DateTime now)
    {
        foreach (var old in db.PortalPasswordTokens.Where(t => t.PortalLoginId == login.Id && t.UsedAt == null && t.RevokedAt == null))
            old.RevokedAt = now;
        var token = OneTimeTokens.NewToken();
        db.PortalPasswordTokens.Add(new PortalPasswordToken
        {
            PortalLogin = login, TokenHash = OneTimeTokens.Hash(token), CreatedAt = now, ExpiresAt = now + SetPasswordLifetime,
        });
        return token;
    }

    internal static async Task<PortalPermission> CompanyWideAsync(AppDbContext db, int companyId, CancellationToken ct) =>
        await db.InternetOrderSettings.Where(s => s.CompanyId == companyId).Select(s => (PortalPermission?)s.Permissions)
            .SingleOrDefaultAsync(ct) ?? PortalPermission.All;

    private (string Name, string Email) Validate(OrdererInput input)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        if (name.Length == 0) errors["Name"] = L["Enter the orderer's name."];
        TextRules.Check(errors, "Name", name, TextRules.Name, L);
        TextRules.CheckEmail(errors, "Email", email, L);
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["Please correct the marked fields. Nothing was saved."]);
        return (name, email);
    }

    /// <summary>The company's login for the e-mail, or a new one without a password (tracked, saved with the contact).</summary>
    private static async Task<PortalLogin> LoginForAsync(AppDbContext db, int companyId, string email, CancellationToken ct)
    {
        var key = SignInNames.Normalize(email)!;
        return await db.PortalLogins.SingleOrDefaultAsync(l => l.CompanyId == companyId && l.NormalizedEmail == key, ct)
               ?? db.PortalLogins.Add(new PortalLogin { CompanyId = companyId, Email = email, NormalizedEmail = key }).Entity;
    }

    private async Task<Orderer> FindOrdererAsync(AppDbContext db, int companyId, int ordererId, CancellationToken ct) =>
        await db.Orderers.Include(o => o.Customer).Include(o => o.PortalLogin)
            .SingleOrDefaultAsync(o => o.Id == ordererId && o.Customer.CompanyId == companyId, ct)
        ?? throw new NotFoundProblem(L["This orderer no longer exists; the list has been refreshed."]);

    private NotFoundProblem NoSuchCustomer() => new(L["There is no such customer in this company."]);

    private ConflictProblem OrdererConflict() =>
        new(L["Someone else changed this orderer while you were working. The list has been refreshed."]);

    private static object Snapshot(Orderer o, string customer) =>
        new { Customer = customer, o.Name, o.Email, o.IsInternetUser, Permissions = o.Permissions.ToString() };

    private async Task SaveAsync(AppDbContext db, int companyId, CancellationToken ct, Func<ConflictProblem>? conflict = null)
    {
        try
        {
            await db.SaveSafelyAsync(L, ct, conflict);
        }
        catch (DbUpdateException e) when (Saving.IsDuplicate(e))
        {
            // Another console added the same e-mail's login or contact at the same moment.
            throw conflict?.Invoke() ?? OrdererConflict();
        }
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
    }
}
