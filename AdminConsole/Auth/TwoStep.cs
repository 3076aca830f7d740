using System.Security.Claims;
using AdminConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Auth;

/// <summary>
/// Who must sign in with a second step, and the restricted session of someone who must still set one up. The one
/// place these rules live: sign-in, the enrolment page, <see cref="CurrentActor"/> and the request pipeline all ask here.
/// </summary>
public sealed class TwoStepRule(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>On the cookie of a person who signed in with their password but must set up a second step first.</summary>
    public const string EnrolClaim = "adminconsole:enrol-two-step";

    /// <summary>The page that sets up a second step; the only console page a restricted session may open.</summary>
    public const string EnrolPath = "/account/security";

    /// <summary>
    /// Operators always, except the demo data set's operator (whose password is published anyway); partner staff
    /// when their partner requires it; a company's own users choose for themselves.
    /// </summary>
    public async Task<bool> RequiredAsync(AppUser user, CancellationToken ct = default)
    {
        if (user.IsOperator)
            return !DemoData.Accounts.Any(a => string.Equals(a.Email, user.Email, StringComparison.OrdinalIgnoreCase));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PartnerMembers.Where(m => m.UserId == user.Id).Select(m => m.Partner.RequireTwoStep).FirstOrDefaultAsync(ct);
    }

    /// <summary>A second step is an authenticator app the person turned on, or a passkey.</summary>
    public static async Task<bool> HasSecondStepAsync(UserManager<AppUser> users, AppUser user) =>
        user.TwoFactorEnabled || (await users.GetPasskeysAsync(user)).Count > 0;

    public static bool MustEnrol(ClaimsPrincipal? principal) => principal?.HasClaim(c => c.Type == EnrolClaim) == true;

    /// <summary>
    /// The cookie check rebuilds the principal from the database on every request; what the sign-in itself decided —
    /// restricted to enrolment, or signed in with two steps ("amr") — must survive that.
    /// </summary>
    public static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        var kept = context.CurrentPrincipal?.Claims.Where(c => c.Type is EnrolClaim or "amr").ToList() ?? [];
        if (kept.Count > 0 && context.NewPrincipal?.Identity is ClaimsIdentity identity)
            identity.AddClaims(kept.Select(c => new Claim(c.Type, c.Value)));
        return Task.CompletedTask;
    }
}

public static class TwoStepEnrolment
{
    /// <summary>What a restricted session may still reach: the enrolment page and what it needs, sign-out, the language links.</summary>
    private static readonly string[] OpenWhileEnrolling =
        [TwoStepRule.EnrolPath, "/account/passkey", "/account/logout", "/account/login", "/culture", "/not-found", "/error"];

    /// <summary>
    /// A restricted session gets the enrolment page for any other page and 403 for anything else (a live connection,
    /// a download): nothing of the console is reachable until a second step is set up.
    /// </summary>
    public static IApplicationBuilder UseTwoStepEnrolment(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!TwoStepRule.MustEnrol(http.User) || OpenWhileEnrolling.Any(p => http.Request.Path.StartsWithSegments(p)) ||
                http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null)
            {
                await next(http);
                return;
            }
            if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/_blazor"))
                http.Response.Redirect(TwoStepRule.EnrolPath + "?enrol=1");
            else
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
        });
}
