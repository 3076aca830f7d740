using AdminConsole.Data;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Two app instances on loopback sharing one PostgreSQL database and one Redis.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MultiNodeTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private string _database = "";
    private ConsoleApp _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        if (!RedisServer.Available || !TestDatabase.PostgresReachable())
            return;
        await _redis.StartAsync();
        _database = await TestDatabase.CreateEmptyPostgresAsync();
        string[] settings =
        [
            "Database:Provider=Postgres", $"Database:ConnectionString={TestDatabase.PostgresServer};Database={_database}",
            $"LiveUpdates:Redis={_redis.Configuration}",
        ];
        _a = await ConsoleApp.StartAsync(listen: true, settings: [.. settings, "Demo:Seed=true"], demo: false);
        _b = await ConsoleApp.StartAsync(listen: true, settings: settings, demo: false);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        if (_database.Length == 0)
            return;
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        await TestDatabase.DropPostgresAsync(_database);
    }

    private async Task<(int Id, string AgreementNumber, string Name, Plan Plan)> CompanyAsync()
    {
        await using var db = _a.Db();
        var c = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Subscription.AgreementType == AgreementType.Internal)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.AgreementNumber, c.Name, c.Subscription.Plan }).FirstAsync();
        return (c.Id, c.AgreementNumber, c.Name, c.Plan);
    }

    private static async Task ChangePlanAsync(ConsoleApp node, int company, Plan plan)
    {
        var service = await node.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await service.GetAsync(company);
        await service.ChangeAsync(company, new SubscriptionChange(status.Current with { Plan = plan }, status.Version));
    }

    [MultiNodeFact]
    public async Task A_change_saved_through_node_A_shows_on_a_page_served_by_node_B_within_a_second()
    {
        var (id, number, name, plan) = await CompanyAsync();
        var next = plan == Plan.Plus ? Plan.Small : Plan.Plus;
        var page = await browser.NewPageAsync(_b.BaseUrl);
        await page.SignInAsync(Demo.Legal, Demo.Password);
        await page.GetByLabel("Search companies").FillAsync(number);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync(plan.ToString());

        await ChangePlanAsync(_a, id, next);
        // How fast is measured by the benchmark (README); here only that it arrives without a reload.
        await Expect(row).ToContainTextAsync(next.ToString());
    }

    [MultiNodeFact]
    public async Task A_person_removed_through_node_A_is_taken_from_their_console_on_node_B_to_the_sign_in_page()
    {
        var page = await browser.NewPageAsync(_b.BaseUrl);
        await page.SignInAsync(Demo.Employee, Demo.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();

        string employee;
        await using (var db = _a.Db())
            employee = await db.Users.Where(u => u.Email == Demo.Employee).Select(u => u.Id).SingleAsync();
        await (await _a.ServiceAsAsync<AdminConsole.Team.TeamService>(Demo.Legal)).RemoveAsync(employee);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended. Please sign in again.");
    }

    [MultiNodeFact]
    public async Task With_Redis_stopped_a_node_stays_ready_for_pages_and_recovers_when_Redis_returns()
    {
        var (id, _, _, _) = await CompanyAsync();
        using var web = new WebSession(_b.BaseUrl);

        _redis.Stop();
        Assert.True(await Eventually.TrueAsync(async () => (await web.GetAsync("health/ready")).Html.Contains("redis: Degraded")));
        var (status, health) = await web.GetAsync("health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("redis: Degraded", health);
        Assert.Contains("database: Healthy", health);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await web.GetAsync("account/login")).Status);
        await ChangePlanAsync(_a, id, Plan.Plus);  // saving still works; the change just stays on node A

        await _redis.StartAsync();
        Assert.True(await Eventually.TrueAsync(async () => (await web.GetAsync("health/ready")).Html.Contains("redis: Healthy")));

        // Cross-node updates flow again: a subscriber on node B hears a change made on node A.
        var heard = new TaskCompletionSource<ChangeEvent>();
        var actor = await (await _b.AsAsync(Demo.Legal)).ServiceProvider.GetRequiredService<AdminConsole.Auth.AccessPolicy>().ActorAsync();
        using var _ = _b.Services.GetRequiredService<ChangeNotifier>().Subscribe(actor, e => { heard.TrySetResult(e); return Task.CompletedTask; });
        // The subscriber may reconnect a moment after health says so: change until a change crosses.
        var plan = Plan.Small;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await ChangePlanAsync(_a, id, plan = plan == Plan.Small ? Plan.Standard : Plan.Small);
            await Task.WhenAny(heard.Task, Task.Delay(1000));
            return heard.Task.IsCompleted;
        }));
        Assert.Equal(id, (await heard.Task).CompanyId);
    }
}
