using AdminConsole.Companies.Settings;
using AdminConsole.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AdminConsole.Tests.Support;

/// <summary>
/// A browser test with a console of its own on a loopback port (xUnit makes one instance per test, so every test
/// starts on a fresh copy of the demo database). Derived classes still carry [Collection(BrowserCollection.Name)].
/// </summary>
public abstract class ConsoleBrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    protected ConsoleApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ConsoleApp.StartAsync(listen: true, configure: Configure);

    /// <summary>Changes to the console's services for this test class.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await App.DisposeAsync();
    }

    /// <summary>The demo bakery: a Nordtal client with a superuser, a customer register and a portal.</summary>
    protected async Task<int> BakeryAsync()
    {
        await using var db = App.Db();
        return await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
    }

    /// <summary>Every screen a partner's legal representative reaches, by URL: what the checks over all screens walk.</summary>
    protected async Task<IReadOnlyList<string>> ScreensAsync()
    {
        var company = await BakeryAsync();
        await using var db = App.Db();
        var agreement = await db.CustomerAgreements.Where(a => a.Partner.Name == DemoData.Nordtal).Select(a => a.Id).FirstAsync();
        var customer = await db.Customers.Where(c => c.CompanyId == company && c.CustomerNumber == "10001").Select(c => c.Id).SingleAsync();
        return
        [
            "companies", "agreements", $"agreements/{agreement}", $"companies/{company}", "clients/invitations", "team",
            $"companies/{company}/customers/{customer}", "activity",
            .. SettingsSections.All.Select(s => $"companies/{company}/settings/{s.Key}"),
        ];
    }

    /// <summary>A new browser window (its own cookies) on this test's console, in a time zone (UTC unless told).</summary>
    protected Task<IPage> NewPageAsync(string timeZone = "UTC") => browser.NewPageAsync(App.BaseUrl, timeZone);
}
