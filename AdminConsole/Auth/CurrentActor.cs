using System.Security.Claims;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Auth;

/// <summary>Who is calling. In a circuit it reads the cascading authentication state; in a request, the HttpContext.</summary>
public interface ICurrentActor
{
    /// <summary>The signed-in person, or a <see cref="SessionEndedException"/> when nobody (or a locked-out or deleted account) is.</summary>
    Task<Actor> GetAsync(CancellationToken ct = default);
}

public sealed class CurrentActor(
    IServiceProvider services,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    IStringLocalizer<SharedResource> L) : ICurrentActor
{
    public async Task<Actor> GetAsync(CancellationToken ct = default)
    {
        var principal = await GetPrincipalAsync();
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
            throw new SessionEndedException(L["Please sign in."]);
        // A password-only session of someone who must still set up a second step acts as nobody.
        if (TwoStepRule.MustEnrol(principal))
            throw new SessionEndedException(L["Set up two-step sign-in first."]);
        return await LoadAsync(dbFactory, time, userId, ct)
               ?? throw new SessionEndedException(L["Your session has ended. Please sign in again."]);
    }

    /// <summary>Membership is read on every call, so a removed member's next action is refused.</summary>
    public static async Task<Actor?> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, string userId,
        CancellationToken ct) =>
        (await LoadManyAsync(dbFactory, time, [userId], ct)).TryGetValue(userId, out var person) ? person.Actor : null;

    /// <summary>
    /// The people that may still act, with their security stamps, by user id in one query: deleted and locked-out
    /// accounts are missing from the answer.
    /// </summary>
    public static async Task<Dictionary<string, (Actor Actor, string? Stamp)>> LoadManyAsync(
        IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new
            {
                u.Id, u.DisplayName, u.IsOperator, u.CompanyId, u.LockoutEnd, u.SecurityStamp,
                Member = db.PartnerMembers.Where(m => m.UserId == u.Id)
                    .Select(m => new { m.PartnerId, m.Partner.Name, m.Role }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        return rows.Where(r => !(r.LockoutEnd > now)).ToDictionary(r => r.Id, r => (new Actor(r.Id, r.DisplayName, r.IsOperator,
            r.Member?.PartnerId, r.Member?.Name, r.Member?.Role, r.CompanyId), r.SecurityStamp));
    }

    private async Task<ClaimsPrincipal?> GetPrincipalAsync()
    {
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        // During a circuit there is no HttpContext worth trusting; the auth state provider is the source.
        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is not null)
        {
            try
            {
                return (await provider.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside a Blazor render (an endpoint, a background job) the provider has no state.
            }
        }
        return http?.User;
    }
}
