using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace AdminConsole.Live;

/// <summary>
/// Sends changes to hub clients, by group. With the Redis backplane the hub reaches every node's clients, so only
/// changes made on this node are sent; without it (one node) the same holds, since every change is made here.
/// </summary>
public sealed class HubRelay(ChangeNotifier notifier, IHubContext<LiveHub, ILiveClient> hub, LiveConnections connections,
    ILogger<HubRelay> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        notifier.PublishedHere += Send;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        notifier.PublishedHere -= Send;
        return Task.CompletedTask;
    }

    private void Send(ChangeEvent change) => _ = SendAsync(change);

    private async Task SendAsync(ChangeEvent change)
    {
        try
        {
            // Nobody who lost access since connecting hears this change.
            await connections.RevalidateAsync();
            if (change.Kind == ChangeKind.SessionsEnded)
                return;
            var groups = change.PartnerIds.Select(LiveHub.PartnerGroup).Append(LiveHub.Operators).ToList();
            if (change.CompanyId is int company)
                groups.Add(LiveHub.CompanyGroup(company));
            await hub.Clients.Groups(groups).Changed(change);
        }
        catch (Exception e)
        {
            log.HubSendFailed(e);
        }
    }
}
