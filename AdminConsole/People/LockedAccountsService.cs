using AdminConsole.Account;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.People;

public sealed record LockedAccount(string UserId, string Name, string Email, string? PartnerName, DateTimeOffset LockedUntil);

/// <summary>
/// Accounts locked after too many failed sign-ins (from all addresses together), for operators to lift a lock that
/// someone caused on purpose or that the owner cannot wait out.
/// </summary>
public sealed class LockedAccountsService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    SignInThrottle throttle,
    IStringLocalizer<SharedResource> L)
{
    public const int Shown = 200;

    /// <summary>The locked accounts, the longest-locked first; few by nature, capped at <see cref="Shown"/>.</summary>
    public async Task<IReadOnlyList<LockedAccount>> ListAsync(CancellationToken ct = default)
    {
        await DemandAsync(ct);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.LockoutEnd,
                Partner = db.PartnerMembers.Where(m => m.UserId == u.Id).Select(m => m.Partner.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        // DateTimeOffset is compared here: SQLite stores it as text, which does not compare as time.
        return rows.Where(r => r.LockoutEnd > now).OrderByDescending(r => r.LockoutEnd).Take(Shown)
            .Select(r => new LockedAccount(r.Id, r.DisplayName, r.Email ?? "", r.Partner, r.LockoutEnd!.Value)).ToList();
    }

    public async Task UnlockAsync(string userId, CancellationToken ct = default)
    {
        var actor = await DemandAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
                   ?? throw new NotFoundProblem(L["This person no longer exists."]);
        var before = new { user.DisplayName, user.Email, user.LockoutEnd };
        (user.LockoutEnd, user.AccessFailedCount) = (null, 0);
        AuditLog.Record(db, actor, "person.unlocked", time.UtcNow(), before: before);
        await db.SaveSafelyAsync(L, ct);
        throttle.Unlock(userId);
    }

    private Task<Actor> DemandAsync(CancellationToken ct) =>
        policy.DemandOperatorAsync(L["Only operators unlock accounts."], ct);
}
