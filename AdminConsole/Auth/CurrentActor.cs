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
    /// <summary>The signed-in person, or a <see cref="ForbiddenProblem"/> when nobody (or a locked-out account) is.</summary>
    Task<Actor> GetAsync(CancellationToken ct = default);
}

public sealed class CurrentActor(
    IServiceProvider services,
    IDbContextFactory<AppDbContext> dbFactory,
    IStringLocalizer<SharedResource> L) : ICurrentActor
{
    public async Task<Actor> GetAsync(CancellationToken ct = default)
    {
        var principal = await GetPrincipalAsync();
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
            throw new ForbiddenProblem(L["Please sign in."]);
        return await LoadAsync(dbFactory, userId, ct) ?? throw new ForbiddenProblem(L["Please sign in."]);
    }

    /// <summary>Membership is read on every call, so a removed member's next action is refused.</summary>
    public static async Task<Actor?> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.IsOperator, u.CompanyId, u.LockoutEnd,
                Member = db.PartnerMembers.Where(m => m.UserId == u.Id)
                    .Select(m => new { m.PartnerId, m.Partner.Name, m.Role }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || row.LockoutEnd > DateTimeOffset.UtcNow)
            return null;
        return new Actor(row.Id, row.DisplayName, row.IsOperator, row.Member?.PartnerId, row.Member?.Name,
            row.Member?.Role, row.CompanyId);
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
