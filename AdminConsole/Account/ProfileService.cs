using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Account;

/// <summary>What a signed-in person sets for themselves: their language, and (from their browser) their time zone.</summary>
public sealed class ProfileService(ICurrentActor current, IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Remembers the language on the person, so the next sign-in (any device) and their e-mails use it.</summary>
    public async Task SetLanguageAsync(string code, CancellationToken ct = default)
    {
        if (!Languages.IsSupported(code))
            return;
        var actor = await current.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, code), ct);
    }

    /// <summary>The person's stored time zone; null when their browser has not told it yet.</summary>
    public async Task<string?> TimeZoneAsync(CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
    }

    /// <summary>Remembers a time zone the system knows (an IANA id); anything else is ignored.</summary>
    public async Task SetTimeZoneAsync(string zone, CancellationToken ct = default)
    {
        if (zone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            return;
        var actor = await current.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.TimeZone, zone), ct);
    }
}
