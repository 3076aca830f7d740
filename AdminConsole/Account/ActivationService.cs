using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Account;

public enum ActivationState
{
    Valid,
    Invalid,
    Used,
    Expired,
    Replaced,
}

public sealed record ActivationCheck(ActivationState State, string? UserName = null, string? DisplayName = null);

/// <summary>Redeems an activation link: the person chooses a password (Identity's rules) once.</summary>
public sealed class ActivationService(
    IDbContextFactory<AppDbContext> dbFactory,
    UserManager<AppUser> users,
    PasswordRules passwordRules,
    ChangeNotifier notifier,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    public async Task<ActivationCheck> CheckAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, row) = await FindAsync(db, token, ct);
        return new ActivationCheck(state, row?.User.UserName, row?.User.DisplayName);
    }

    public string Explain(ActivationState state) => state switch
    {
        ActivationState.Used => L["This activation link has already been used. Sign in with your user ID and password."],
        ActivationState.Expired => L["This activation link has expired. Ask your administrator to send a new one."],
        ActivationState.Replaced => L["A newer activation link has been sent; only the newest one works."],
        _ => L["This activation link is not valid. Check that you opened the whole link from the e-mail."],
    };

    /// <summary>Sets the password and uses up the link, in one save. Returns the password errors, if any.</summary>
    public async Task<IReadOnlyList<string>> ActivateAsync(string? token, string password, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, row) = await FindAsync(db, token, ct);
        if (state != ActivationState.Valid)
            return [Explain(state)];
        var user = row!.User;
        var errors = await passwordRules.CheckAsync(password);
        if (errors.Count > 0)
            return errors;

        var now = time.UtcNow();
        row.UsedAt = now;
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.EmailConfirmed = true;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        AuditLog.Record(db, new Actor(user.Id, user.DisplayName, false, null, null, null, user.CompanyId),
            "login.activated", now, user.CompanyId, after: new { user.UserName });
        await db.SaveSafelyAsync(L, ct);
        if (user.CompanyId is int companyId)
            await notifier.PublishCompanyAsync(db, ChangeKind.SubscriptionChanged, companyId, ct);
        return [];
    }

    private async Task<(ActivationState, OneTimeToken?)> FindAsync(AppDbContext db, string? token, CancellationToken ct)
    {
        if (!OneTimeTokens.IsWellFormed(token))
            return (ActivationState.Invalid, null);
        var hash = OneTimeTokens.Hash(token);
        var row = await db.OneTimeTokens.Include(t => t.User)
            .FirstOrDefaultAsync(t => t.TokenHash == hash &&
                                      (t.Purpose == OneTimeTokens.SuperuserActivation || t.Purpose == OneTimeTokens.StaffActivation), ct);
        if (row is null)
            return (ActivationState.Invalid, null);
        if (row.UsedAt is not null)
            return (ActivationState.Used, row);
        if (row.RevokedAt is not null)
            return (ActivationState.Replaced, row);
        return row.ExpiresAt <= time.UtcNow() ? (ActivationState.Expired, row) : (ActivationState.Valid, row);
    }
}
