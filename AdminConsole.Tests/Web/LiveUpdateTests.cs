using AdminConsole.Data;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The real SignalR hub and health endpoints on Kestrel.</summary>
public sealed class LiveUpdateTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true);

    /// <summary>A hub client signed in as the person, on the given transport, that records what it hears.</summary>
    private async Task<(HubConnection Hub, List<ChangeEvent> Heard, SemaphoreSlim Signal, WebSession Web)> ConnectAsync(
        string email, HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(email, Demo.Password);
        var hub = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + "hubs/live", transport, o => o.Cookies = web.Cookies)
            .Build();
        var heard = new List<ChangeEvent>();
        var signal = new SemaphoreSlim(0);
        hub.On<ChangeEvent>(nameof(ILiveClient.Changed), e => { lock (heard) heard.Add(e); signal.Release(); });
        await hub.StartAsync();
        return (hub, heard, signal, web);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Every_transport_connects_and_hears_the_partners_changes(HttpTransportType transport)
    {
        var (hub, heard, signal, web) = await ConnectAsync(Demo.Fjord, transport);
        await using var _ = hub;
        using var __ = web;
        var fjord = await CompanyOfAsync(DemoData.Fjord);
        await ChangePlanAsync(Demo.Fjord, fjord);
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(10)), $"{transport} heard nothing");
        lock (heard)
            Assert.Equal(fjord, heard[0].CompanyId);
    }

    [Fact]
    public async Task A_person_removed_from_the_partner_hears_nothing_more_and_is_disconnected()
    {
        var (hub, heard, signal, web) = await ConnectAsync(Demo.Fjord);
        await using var _ = hub;
        using var __ = web;
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var fjord = await CompanyOfAsync(DemoData.Fjord);
        await using (var db = _app.Db())
            await db.PartnerMembers.Where(m => m.User.Email == Demo.Fjord).ExecuteDeleteAsync();

        await ChangePlanAsync(Demo.Operator, fjord);    // addressed to Fjord's group
        Assert.False(await signal.WaitAsync(TimeSpan.FromSeconds(1)));
        lock (heard)
            Assert.Empty(heard);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task A_hub_connection_ends_when_its_person_signs_out()
    {
        var (hub, _, _, web) = await ConnectAsync(Demo.Admin);
        await using var __ = hub;
        using var ___ = web;
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var (_, html) = await web.GetAsync("companies");
        await web.SignOutAsync(WebSession.LogoutToken(html));
        await _app.Services.GetRequiredService<LiveConnections>().RevalidateAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    [InlineData(null, true)]          // a non-browser client
    [InlineData("own", true)]
    public async Task A_websocket_from_another_sites_page_is_refused(string? origin, bool accepted)
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Fjord, Demo.Password);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + "hubs/live", HttpTransportType.WebSockets, o =>
            {
                o.Cookies = web.Cookies;
                o.SkipNegotiation = true;
                if (origin is not null)
                    o.Headers["Origin"] = origin == "own" ? _app.BaseUrl.TrimEnd('/') : origin;
            })
            .Build();
        if (accepted)
            await hub.StartAsync();
        else
            await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        using var blazor = new HttpRequestMessage(HttpMethod.Post, "_blazor/negotiate?negotiateVersion=1");
        if (origin is not null)
            blazor.Headers.Add("Origin", origin == "own" ? _app.BaseUrl.TrimEnd('/') : origin);
        var response = await web.Http.SendAsync(blazor);
        Assert.Equal(accepted, response.StatusCode != System.Net.HttpStatusCode.Forbidden);
    }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CompanyOfAsync(string partner)
    {
        await using var db = _app.Db();
        return await db.Companies.Where(c => c.Partner.Name == partner).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    private async Task ChangePlanAsync(string email, int company)
    {
        var service = await _app.ServiceAsAsync<SubscriptionService>(email);
        var status = await service.GetAsync(company);
        var next = status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus };
        await service.ChangeAsync(company, new SubscriptionChange(next, status.Version));
    }

    [Fact]
    public async Task A_hub_client_hears_its_own_partners_changes_and_not_another_partners()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Fjord, Demo.Password);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + "hubs/live", o => o.Cookies = web.Cookies)
            .Build();
        var heard = new List<ChangeEvent>();
        var signal = new SemaphoreSlim(0);
        hub.On<ChangeEvent>(nameof(ILiveClient.Changed), e => { lock (heard) heard.Add(e); signal.Release(); });
        await hub.StartAsync();

        var fjord = await CompanyOfAsync(DemoData.Fjord);
        var nordtal = await CompanyOfAsync(DemoData.Nordtal);
        await ChangePlanAsync(Demo.Admin, nordtal);      // another partner's company: must not be heard
        await ChangePlanAsync(Demo.Fjord, fjord);

        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5)));
        await Task.Delay(500);
        lock (heard)
        {
            var change = Assert.Single(heard);
            Assert.Equal((ChangeKind.SubscriptionChanged, (int?)fjord), (change.Kind, change.CompanyId));
        }
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_clients()
    {
        await using var hub = new HubConnectionBuilder().WithUrl(_app.BaseUrl + "hubs/live").Build();
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
    }

    [Fact]
    public async Task Health_endpoints_report_the_process_and_the_database()
    {
        using var web = new WebSession(_app.BaseUrl);
        var (live, _) = await web.GetAsync("health/live");
        var (ready, body) = await web.GetAsync("health/ready");
        Assert.Equal((System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.OK), (live, ready));
        Assert.Contains("database: Healthy", body);
    }
}
