using Microsoft.AspNetCore.Builder;
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

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A new browser window (its own cookies) on this test's console, in a time zone (UTC unless told).</summary>
    protected Task<IPage> NewPageAsync(string timeZone = "UTC") => browser.NewPageAsync(App.BaseUrl, timeZone);
}
