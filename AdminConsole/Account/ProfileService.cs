using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Account;

/// <summary>What a signed-in person sets for themselves: their language.</summary>
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
}
