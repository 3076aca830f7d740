using System.Collections.Concurrent;
using AdminConsole.Infrastructure;
using Microsoft.Extensions.Options;

namespace AdminConsole.Account;

/// <summary>
/// Wrong passwords (and second steps) counted per address, so that guessing from one place cannot lock the owner out:
/// after <c>Security:MaxFailedSignIns</c> failures an address is locked out of that one account for
/// <c>Security:LockoutMinutes</c>, while the owner elsewhere signs in as usual; the account itself locks only after
/// <c>Security:MaxFailedSignInsAllAddresses</c> (Identity's lockout, which an operator can lift). From the third
/// failure on, each answer to that address comes later (<c>Security:SignInDelayMilliseconds</c>, doubling, at most 8 s).
/// Kept in memory per node: a restart or another node starts counting afresh, which the account lock still bounds.
/// </summary>
public sealed class SignInThrottle(TimeProvider time, IOptions<SecurityOptions> options)
{
    private const int DelayFrom = 3, MaxEntries = 50_000;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, Failures> _addresses = new();
    private readonly ConcurrentDictionary<(string Address, string UserId), Failures> _pairs = new();

    private sealed record Failures(int Count, DateTimeOffset Last);

    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    /// <summary>How long to wait before answering this address.</summary>
    public TimeSpan DelayFor(string address)
    {
        if (!_addresses.TryGetValue(address, out var f) || time.GetUtcNow() - f.Last > Window || f.Count < DelayFrom)
            return TimeSpan.Zero;
        var delay = TimeSpan.FromMilliseconds(options.Value.SignInDelayMilliseconds * Math.Pow(2, Math.Min(f.Count - DelayFrom, 10)));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>Whether this address may no longer try this account.</summary>
    public bool IsLockedFor(string address, string userId) =>
        _pairs.TryGetValue((address, userId), out var f) && time.GetUtcNow() - f.Last <= Window &&
        f.Count >= options.Value.MaxFailedSignIns;

    /// <summary>A wrong password or code; <paramref name="userId"/> is null for an unknown account.</summary>
    public void Failed(string address, string? userId)
    {
        var now = time.GetUtcNow();
        Prune(now);
        _addresses.AddOrUpdate(address, _ => new Failures(1, now), (_, f) => new Failures(Fresh(f, now) + 1, now));
        if (userId is not null)
            _pairs.AddOrUpdate((address, userId), _ => new Failures(1, now), (_, f) => new Failures(Fresh(f, now) + 1, now));
    }

    public void Succeeded(string address, string userId)
    {
        _addresses.TryRemove(address, out _);
        _pairs.TryRemove((address, userId), out _);
    }

    /// <summary>An operator unlocked the account: no address stays locked out of it (on this node).</summary>
    public void Unlock(string userId)
    {
        foreach (var key in _pairs.Keys.Where(k => k.UserId == userId))
            _pairs.TryRemove(key, out _);
    }

    private int Fresh(Failures f, DateTimeOffset now) => now - f.Last > Window ? 0 : f.Count;

    /// <summary>Many addresses (a spread-out attack) cannot grow the tables without bound.</summary>
    private void Prune(DateTimeOffset now)
    {
        if (_addresses.Count + _pairs.Count < MaxEntries)
            return;
        foreach (var (key, f) in _addresses.Where(e => now - e.Value.Last > Window))
            _addresses.TryRemove(key, out _);
        foreach (var (key, f) in _pairs.Where(e => now - e.Value.Last > Window))
            _pairs.TryRemove(key, out _);
    }
}
