using System.Runtime.CompilerServices;
using AdminConsole.Data;
using AdminConsole.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Auth;

/// <summary>
/// The one rule for ending open consoles: a save that gives a person a new security stamp (signed out, password or
/// second step changed, removed from a team, role changed), locks them out or deletes them tells, once committed,
/// every open circuit of that person on every node (the change notifier, through Redis when configured). Each such
/// circuit checks its person again at once and goes to the sign-in page (<see cref="IdentityRevalidatingAuthenticationStateProvider"/>).
/// </summary>
public sealed class SessionEnds(ChangeNotifier notifier, TimeProvider time) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, string[]> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? db)
    {
        if (db is null)
            return;
        var now = time.GetUtcNow();
        // Original against current values: Identity's UpdateAsync marks every property modified.
        var ended = db.ChangeTracker.Entries<AppUser>().Where(e =>
                e.State == EntityState.Deleted ||
                (e.State == EntityState.Modified &&
                 (e.Property(u => u.SecurityStamp).OriginalValue != e.Entity.SecurityStamp ||
                  (e.Entity.LockoutEnd > now && e.Property(u => u.LockoutEnd).OriginalValue != e.Entity.LockoutEnd))))
            .Select(e => e.Entity.Id).ToArray();
        if (ended.Length > 0)
            _pending.AddOrUpdate(db, ended);
        else
            _pending.Remove(db);
    }

    private void Publish(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out var ended))
            return;
        _pending.Remove(db);
        notifier.Publish(new ChangeEvent(ChangeKind.SessionsEnded, null, [], ended));
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
            _pending.Remove(db);
    }
}
