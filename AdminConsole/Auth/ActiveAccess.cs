using System.Linq.Expressions;
using AdminConsole.Data;

namespace AdminConsole.Auth;

/// <summary>
/// The one rule for "an administrator access is active": it has not ended and its end date has not passed.
/// Three forms of the same rule, side by side: for EF Core queries, for rows in memory, and for the raw company-list
/// SQL; a test holds them together.
/// </summary>
public static class ActiveAccess
{
    public static Expression<Func<AdministratorAccess, bool>> At(DateTime now) =>
        a => a.EndedAt == null && (a.ExpiresAt == null || a.ExpiresAt > now);

    public static bool IsActive(this AdministratorAccess a, DateTime now) =>
        a.EndedAt is null && (a.ExpiresAt is null || a.ExpiresAt > now);

    /// <summary>The SQL form, for an access aliased <c>a</c> and the time in the parameter <c>@now</c>.</summary>
    public const string Sql = """a."EndedAt" IS NULL AND (a."ExpiresAt" IS NULL OR a."ExpiresAt" > @now)""";

    /// <summary>Past its end date but not yet marked ended: what the expiry sweeper marks Expired.</summary>
    public static Expression<Func<AdministratorAccess, bool>> DueToExpire(DateTime now) =>
        a => a.EndedAt == null && a.ExpiresAt != null && a.ExpiresAt <= now;
}
