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
/// </summary>
[Authorize]
public sealed class LiveHub(ICurrentActor current) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";
    public const string Operators = "operators";
    public static string PartnerGroup(int id) => $"partner:{id}";
    public static string CompanyGroup(int id) => $"company:{id}";

    public override async Task OnConnectedAsync()
    {
        var actor = await current.GetAsync(Context.ConnectionAborted);
        if (actor.IsOperator)
            await Groups.AddToGroupAsync(Context.ConnectionId, Operators);
        if (actor.PartnerId is int partner)
            await Groups.AddToGroupAsync(Context.ConnectionId, PartnerGroup(partner));
        if (actor.OwnCompanyId is int company)
            await Groups.AddToGroupAsync(Context.ConnectionId, CompanyGroup(company));
        await base.OnConnectedAsync();
    }
}
