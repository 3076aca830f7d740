using System.Security.Claims;
using AdminConsole.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AdminConsole.Live;

/// <summary>What a non-Blazor client of <c>/hubs/live</c> receives.</summary>
public interface ILiveClient
{
    Task Changed(ChangeEvent change);
}

/// <summary>
/// The typed hub for authorized non-Blazor clients. A connection joins the groups of what its person may see:
/// its partner, its own company, or (operators) everything. Nobody joins another partner's group.
/// The person is read from the connection's own user (every transport has it), and <see cref="LiveConnections"/>
/// re-checks them while connected: a person who loses the right is taken out.
/// </summary>
[Authorize]
public sealed class LiveHub(LiveConnections connections) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";
    public const string Operators = "operators";
    public static string PartnerGroup(int id) => $"partner:{id}";
    public static string CompanyGroup(int id) => $"company:{id}";

    /// <summary>The groups a person belongs to: the one rule for joining at connect and for the re-checks after.</summary>
    public static IReadOnlyList<string> GroupsFor(Actor actor)
    {
        var groups = new List<string>();
        if (actor.IsOperator)
            groups.Add(Operators);
        if (actor.PartnerId is int partner)
            groups.Add(PartnerGroup(partner));
        if (actor.OwnCompanyId is int company)
            groups.Add(CompanyGroup(company));
        return groups;
    }

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !await connections.JoinAsync(Context, userId, Groups))
        {
            Context.Abort();
            return;
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Leave(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
