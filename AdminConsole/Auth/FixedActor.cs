using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Auth;

/// <summary>Acts as one named person (by user id): for tools such as the benchmark, which have no sign-in.</summary>
public sealed class FixedActor(IDbContextFactory<AppDbContext> dbFactory, string userId) : ICurrentActor
{
    public async Task<Actor> GetAsync(CancellationToken ct = default) =>
        await CurrentActor.LoadAsync(dbFactory, TimeProvider.System, userId, ct) ?? throw new SessionEndedException($"No active user {userId}.");
}
