using AdminConsole.Data;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The real SignalR hub and health endpoints on Kestrel.</summary>
public sealed class LiveUpdateTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true);
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
