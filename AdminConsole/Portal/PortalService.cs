using System.Security.Claims;
using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.PortalUsers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace AdminConsole.Portal;

public enum PortalSignInOutcome
{
    SignedIn,
    Wrong,
    Locked,
}

/// <summary>A signed-in portal login, as read from the portal cookie and checked against the database.</summary>
public sealed record PortalSession(int LoginId, int CompanyId, string Email, string CompanyName);

public sealed record PortalCustomer(int Id, string CustomerNumber, string Name);

public sealed record PortalOrderView(int Id, DateTime PlacedAt, string PlacedBy, IReadOnlyList<(string Text, int Quantity)> Lines);

public sealed record PortalInvoiceView(string Number, DateOnly IssuedOn, decimal Amount);

/// <summary>What the portal home shows: only what the effective permissions allow is filled in.</summary>
public sealed record PortalHome(
    PortalSession Session,
    PortalCustomer Customer,
    string OrdererName,
    PortalPermission Allowed,
    string DeliveryAddress,
    IReadOnlyList<PriceListItem>? PriceList,
    IReadOnlyList<PortalOrderView>? Orders,
    IReadOnlyList<PortalInvoiceView>? Invoices,
    int CustomerCount);

public sealed record OrderLineInput(string? Text, int Quantity);

/// <summary>
/// The customer portal: its own sign-in (its own cookie scheme, never the console's), and every action checked in the
/// service against the effective permissions read fresh from the database, so a change in the console applies at the
/// orderer's next action.
/// </summary>
public sealed class PortalService(
    IDbContextFactory<AppDbContext> dbFactory,
    IPasswordHasher<PortalLogin> hasher,
    PasswordRules passwordRules,
    PortalUserService portalUsers,
    ChangeNotifier notifier,
    IOptions<SecurityOptions> security,
    TimeProvider time,
    ILogger<PortalService> log,
    IStringLocalizer<SharedResource> L)
{
    public const string Scheme = "Portal";
    private const string LoginClaim = "portal-login", CompanyClaim = "portal-company", StampClaim = "portal-stamp";
    private static readonly PortalLogin Nobody = new();
    private static string? _dummyHash;

    public async Task<string?> CompanyNameAsync(int companyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Unknown e-mail, wrong password, a login without an Internet-user contact: all "wrong", each costing one hash.
    /// "Locked" is said only to the right password.
    /// </summary>
    public async Task<PortalSignInOutcome> SignInAsync(HttpContext http, int companyId, string? email, string? password,
        CancellationToken ct = default)
    {
        password ??= "";
        var key = email is not null && TextRules.IsClean(email) ? SignInNames.Normalize(email) : null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var login = string.IsNullOrEmpty(key) ? null : await db.PortalLogins
            .SingleOrDefaultAsync(l => l.CompanyId == companyId && l.NormalizedEmail == key, ct);
        var enabled = login is not null && await db.Orderers.AnyAsync(o => o.PortalLoginId == login.Id && o.IsInternetUser, ct);
        if (login?.PasswordHash is null || !enabled)
        {
            _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            return PortalSignInOutcome.Wrong;
        }
        var now = time.UtcNow();
        var correct = hasher.VerifyHashedPassword(login, login.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (login.LockoutEnd > now)
            return correct ? PortalSignInOutcome.Locked : PortalSignInOutcome.Wrong;
        if (!correct)
        {
            if (++login.AccessFailedCount >= security.Value.MaxFailedSignIns)
            {
                (login.AccessFailedCount, login.LockoutEnd) = (0, now.AddMinutes(security.Value.LockoutMinutes));
                log.PortalLockedOut(login.Id);
            }
            await db.SaveSafelyAsync(L, ct);
            return PortalSignInOutcome.Wrong;
        }
        (login.AccessFailedCount, login.LockoutEnd) = (0, null);
        AuditLog.RecordByLink(db, login.Email, AuditLog.CustomerPortal, companyId, "portal.signed-in", now);
        await db.SaveSafelyAsync(L, ct);
        await IssueCookieAsync(http, login);
        log.PortalSignedIn(login.Id, companyId);
        return PortalSignInOutcome.SignedIn;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>
    /// The signed-in login for this company's portal, or null: a cookie for another company, a changed password
    /// (stamp), or a login with no Internet-user contact left is no session.
    /// </summary>
    public async Task<PortalSession?> SessionAsync(HttpContext http, int companyId, CancellationToken ct = default)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Principal is not { } principal ||
            !int.TryParse(principal.FindFirstValue(LoginClaim), out var loginId) ||
            principal.FindFirstValue(CompanyClaim) != companyId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        var stamp = principal.FindFirstValue(StampClaim);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PortalLogins.AsNoTracking()
            .Where(l => l.Id == loginId && l.CompanyId == companyId && l.SecurityStamp == stamp &&
                        l.Orderers.Any(o => o.IsInternetUser))
            .Select(l => new PortalSession(l.Id, l.CompanyId, l.Email, l.Company.Name))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The customers this login may act for (its Internet-user contacts), by name.</summary>
    public async Task<IReadOnlyList<PortalCustomer>> CustomersAsync(PortalSession session, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Orderers.AsNoTracking().Where(o => o.PortalLoginId == session.LoginId && o.IsInternetUser)
            .OrderBy(o => o.Customer.Name).ThenBy(o => o.CustomerId)
            .Select(o => new PortalCustomer(o.CustomerId, o.Customer.CustomerNumber, o.Customer.Name))
            .ToListAsync(ct);
    }

    public async Task<PortalHome> HomeAsync(PortalSession session, int customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (orderer, allowed) = await ActingAsync(db, session, customerId, PortalPermission.None, ct);
        var customer = orderer.Customer;
        IReadOnlyList<PriceListItem>? prices = allowed.HasFlag(PortalPermission.SeePrices)
            ? await db.PriceListItems.AsNoTracking().Where(i => i.CompanyId == session.CompanyId).OrderBy(i => i.Name).Take(100).ToListAsync(ct)
            : null;
        IReadOnlyList<PortalOrderView>? orders = null;
        if (allowed.HasFlag(PortalPermission.SeeOrderHistory))
        {
            var rows = await db.PortalOrders.AsNoTracking().Where(o => o.CustomerId == customerId).OrderByDescending(o => o.PlacedAt)
                .ThenByDescending(o => o.Id).Take(20).Include(o => o.Lines).ToListAsync(ct);
            orders = rows.Select(o => new PortalOrderView(o.Id, o.PlacedAt, o.PlacedByName,
                o.Lines.OrderBy(l => l.Id).Select(l => (l.Text, l.Quantity)).ToList())).ToList();
        }
        IReadOnlyList<PortalInvoiceView>? invoices = allowed.HasFlag(PortalPermission.SeeInvoices)
            ? await db.CustomerInvoices.AsNoTracking().Where(i => i.CustomerId == customerId).OrderByDescending(i => i.IssuedOn)
                .Take(20).Select(i => new PortalInvoiceView(i.Number, i.IssuedOn, i.Amount)).ToListAsync(ct)
            : null;
        var count = await db.Orderers.CountAsync(o => o.PortalLoginId == session.LoginId && o.IsInternetUser, ct);
        return new PortalHome(session, new PortalCustomer(customer.Id, customer.CustomerNumber, customer.Name), orderer.Name, allowed,
            customer.DeliveryAddress, prices, orders, invoices, count);
    }

    /// <summary>Stores an order of free-text lines; refused unless "Place orders" is effective now.</summary>
    public async Task PlaceOrderAsync(PortalSession session, int customerId, IReadOnlyList<OrderLineInput> lines,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (orderer, _) = await ActingAsync(db, session, customerId, PortalPermission.PlaceOrders, ct);
        var errors = new Dictionary<string, string>();
        var filled = lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)).Select(l => l with { Text = l.Text!.Trim() }).ToList();
        if (filled.Count == 0)
            errors["Lines"] = L["Write at least one line: what you need and how many."];
        for (var i = 0; i < filled.Count; i++)
        {
            TextRules.Check(errors, "Lines", filled[i].Text, TextRules.Name, L);
            if (filled[i].Quantity is < 1 or > 100_000)
                errors.TryAdd("Lines", L["Each quantity must be between 1 and 100000."]);
        }
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["The order was not placed. Please correct it."]);
        var now = time.UtcNow();
        var order = new PortalOrder
        {
            CustomerId = customerId, PortalLoginId = session.LoginId, PlacedByName = orderer.Name, PlacedAt = now,
            Lines = filled.Select(l => new PortalOrderLine { Text = l.Text!, Quantity = l.Quantity }).ToList(),
        };
        db.PortalOrders.Add(order);
        AuditLog.RecordByLink(db, orderer.Name, orderer.Customer.Name, session.CompanyId, "portal.order.placed", now,
            after: new { Lines = filled.Count });
        await db.SaveSafelyAsync(L, ct);
    }

    public async Task ChangeDeliveryAddressAsync(PortalSession session, int customerId, string? address, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (orderer, _) = await ActingAsync(db, session, customerId, PortalPermission.ChangeDeliveryAddress, ct);
        var errors = new Dictionary<string, string>();
        address = address?.Trim() ?? "";
        TextRules.Check(errors, "Address", address, TextRules.Address, L, multiline: true);
        if (errors.Count > 0)
            throw new ValidationProblem(errors, L["The address was not saved. Please correct it."]);
        var before = orderer.Customer.DeliveryAddress;
        orderer.Customer.DeliveryAddress = address;
        AuditLog.RecordByLink(db, orderer.Name, orderer.Customer.Name, session.CompanyId, "portal.address.changed", time.UtcNow(),
            new { DeliveryAddress = before }, new { DeliveryAddress = address });
        await db.SaveSafelyAsync(L, ct);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, session.CompanyId, ct);
    }

    /// <summary>Settings → Change password: for every customer of this login at once. Signs the browser in again.</summary>
    public async Task ChangePasswordAsync(HttpContext http, PortalSession session, int customerId, string? current, string? password,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (orderer, _) = await ActingAsync(db, session, customerId, PortalPermission.ChangeOwnPassword, ct);
        var login = orderer.PortalLogin;
        if (login.PasswordHash is null ||
            hasher.VerifyHashedPassword(login, login.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
            throw new ValidationProblem(new Dictionary<string, string> { ["Current"] = L["The current password is not correct."] },
                L["The password was not changed."]);
        var errors = await passwordRules.CheckAsync(password);
        if (errors.Count > 0)
            throw new ValidationProblem(new Dictionary<string, string> { ["Password"] = string.Join(" ", errors) },
                L["The password was not changed."]);
        portalUsers.SetPassword(login, password!, time.UtcNow());
        AuditLog.RecordByLink(db, orderer.Name, orderer.Customer.Name, session.CompanyId, "portal.password.changed", time.UtcNow());
        await db.SaveSafelyAsync(L, ct);
        await IssueCookieAsync(http, login);
    }

    /// <summary>The portal cookie: which login, for which company, with which password generation (stamp).</summary>
    private static Task IssueCookieAsync(HttpContext http, PortalLogin login) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(LoginClaim, login.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CompanyClaim, login.CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(StampClaim, login.SecurityStamp), new Claim(ClaimTypes.Name, login.Email),
        ], Scheme)));

    /// <summary>The set-password link: whose login, or why it cannot be used.</summary>
    public async Task<(string? Email, string? Problem)> CheckLinkAsync(int companyId, string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (row, problem) = await FindLinkAsync(db, companyId, token, ct);
        return (row?.PortalLogin.Email, problem);
    }

    public async Task<IReadOnlyList<string>> SetPasswordByLinkAsync(int companyId, string? token, string? password,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (row, problem) = await FindLinkAsync(db, companyId, token, ct);
        if (problem is not null)
            return [problem];
        var errors = await passwordRules.CheckAsync(password);
        if (errors.Count > 0)
            return errors;
        var now = time.UtcNow();
        row!.UsedAt = now;
        portalUsers.SetPassword(row.PortalLogin, password!, now);
        AuditLog.RecordByLink(db, row.PortalLogin.Email, AuditLog.CustomerPortal, companyId, "portal.password.chosen", now);
        await db.SaveSafelyAsync(L, ct);
        await notifier.PublishCompanyAsync(db, ChangeKind.CompanyChanged, companyId, ct);
        return [];
    }

    private async Task<(PortalPasswordToken?, string?)> FindLinkAsync(AppDbContext db, int companyId, string? token, CancellationToken ct)
    {
        if (!OneTimeTokens.IsWellFormed(token))
            return (null, L["This link is not valid. Check that you opened the whole link from the e-mail."]);
        var hash = OneTimeTokens.Hash(token);
        var row = await db.PortalPasswordTokens.Include(t => t.PortalLogin)
            .SingleOrDefaultAsync(t => t.TokenHash == hash && t.PortalLogin.CompanyId == companyId, ct);
        return row switch
        {
            null => (null, L["This link is not valid. Check that you opened the whole link from the e-mail."]),
            { UsedAt: not null } => (row, L["This link has already been used. Sign in with your e-mail and password."]),
            { RevokedAt: not null } => (row, L["A newer link has been sent; only the newest one works."]),
            _ when row.ExpiresAt <= time.UtcNow() => (row, L["This link has expired. Ask the company for a new one."]),
            _ => (row, null),
        };
    }

    /// <summary>
    /// The one check before every portal action: the login's contact at this customer is an Internet user, and the
    /// permission is on both company-wide and for the contact. Anything else is refused, whatever the page showed.
    /// </summary>
    private async Task<(Orderer Orderer, PortalPermission Allowed)> ActingAsync(AppDbContext db, PortalSession session, int customerId,
        PortalPermission needed, CancellationToken ct)
    {
        var orderer = await db.Orderers.Include(o => o.Customer).Include(o => o.PortalLogin)
                          .SingleOrDefaultAsync(o => o.PortalLoginId == session.LoginId && o.CustomerId == customerId &&
                                                     o.IsInternetUser && o.Customer.CompanyId == session.CompanyId, ct)
                      ?? throw new NotFoundProblem(L["You cannot act for this customer."]);
        var allowed = PortalPermissions.Effective(await PortalUserService.CompanyWideAsync(db, session.CompanyId, ct), orderer.Permissions);
        if (needed != PortalPermission.None && !allowed.HasFlag(needed))
            throw new ForbiddenProblem(L["You may not do this: {0} is not allowed for you.", L[PortalPermissions.Name(needed)]]);
        return (orderer, allowed);
    }
}
