using System.Collections.Concurrent;
using System.Security.Claims;
using AdminConsole.Auth;
using AdminConsole.Data;
using Microsoft.AspNetCore.Identity;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Live;

/// <summary>
/// This node's hub connections and the groups they joined. Before the node sends a change, and every
/// <c>LiveUpdates:RevalidateSeconds</c>, each connection's person is read again: a person deleted, locked out,
/// signed out (new security stamp) or moved out of a partner or company is taken out of its groups and disconnected,
/// as the Blazor circuits are.
/// </summary>
public sealed class LiveConnections(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    IHubContext<LiveHub, ILiveClient> hub,
    IOptions<LiveUpdatesOptions> options,
    IOptions<IdentityOptions> identity,
    ILogger<LiveConnections> log) : RepeatingService(log)
{
    private sealed record Connection(HubCallerContext Context, string UserId, string? Stamp, IReadOnlyList<string> Groups);

    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    public int Count => _connections.Count;

    /// <summary>Joins the person's groups; false when the person may not connect at all.</summary>
    public async Task<bool> JoinAsync(HubCallerContext context, string userId, IGroupManager groups)
    {
        var people = await CurrentActor.LoadManyAsync(dbFactory, time, [userId], context.ConnectionAborted);
        if (!people.TryGetValue(userId, out var person) || person.Stamp != StampOf(context.User))
            return false;
        var names = LiveHub.GroupsFor(person.Actor);
        foreach (var group in names)
            await groups.AddToGroupAsync(context.ConnectionId, group, context.ConnectionAborted);
        _connections[context.ConnectionId] = new Connection(context, userId, person.Stamp, names);
        return true;
    }

    public void Leave(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Reads every connected person again and removes those who lost their place; returns how many.</summary>
    public async Task<int> RevalidateAsync(CancellationToken ct = default)
    {
        var snapshot = _connections.Values.ToList();
        if (snapshot.Count == 0)
            return 0;
        var people = await CurrentActor.LoadManyAsync(dbFactory, time, snapshot.Select(c => c.UserId).Distinct().ToList(), ct);
        var removed = 0;
        foreach (var c in snapshot)
        {
            if (people.TryGetValue(c.UserId, out var person) && person.Stamp == c.Stamp &&
                LiveHub.GroupsFor(person.Actor).SequenceEqual(c.Groups))
                continue;
            // Out of the groups first, so nothing sent from now on reaches it, then the connection ends.
            foreach (var group in c.Groups)
                await hub.Groups.RemoveFromGroupAsync(c.Context.ConnectionId, group, ct);
            _connections.TryRemove(c.Context.ConnectionId, out _);
            c.Context.Abort();
            removed++;
        }
        if (removed > 0)
            log.LiveConnectionsDropped(removed);
        return removed;
    }

    protected override string Work => "Re-checking live connections";
    protected override Task DoWorkAsync(CancellationToken ct) => RevalidateAsync(ct);
    protected override Task WaitAsync(CancellationToken ct) => Task.Delay(TimeSpan.FromSeconds(options.Value.RevalidateSeconds), ct);

    private string? StampOf(ClaimsPrincipal? user) => user?.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
}
