using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>
/// The console under its Content-Security-Policy: every screen, a dialog, the live connection and the customer portal
/// work, and the browser reports no violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    /// <summary>Collects the browser's CSP violation reports in the page, from its first script on.</summary>
    private const string Recorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' @ ' + location.pathname));
        """;

    private async Task<IPage> WatchedPageAsync()
    {
        var page = await NewPageAsync();
        await page.Context.AddInitScriptAsync(Recorder);
        return page;
    }

    private static async Task<string[]> ViolationsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    [BrowserFact]
    public async Task Every_screen_runs_under_the_policy_without_a_violation()
    {
        var company = await BakeryAsync();
        var violations = new List<string>();

        // The recorder hears a violation: an inline script is refused.
        var probe = await WatchedPageAsync();
        await probe.GotoAsync("account/login");
        await probe.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.head.appendChild(s); }");
        Assert.True(await Eventually.TrueAsync(async () => (await ViolationsAsync(probe)).Any(v => v.StartsWith("script-src"))));
        Assert.Null(await probe.EvaluateAsync<int?>("() => window.ran"));

        var portal = await WatchedPageAsync();
        await portal.GotoAsync($"portal/{company}/login");
        await portal.GetByLabel("E-mail").FillAsync(DemoData.PortalOrdererEmail);
        await portal.GetByLabel("Password").FillAsync(Demo.Password);
        await portal.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Choose the customer");
        violations.AddRange(await ViolationsAsync(portal));

        var page = await WatchedPageAsync();
        await page.SignInAsync(Demo.Legal, Demo.Password);
        violations.AddRange(await ViolationsAsync(page));
        foreach (var screen in await ScreensAsync())
        {
            await page.GotoAsync(screen);
            await page.WaitForConsoleAsync();   // the live connection (a WebSocket) is up under connect-src 'self'
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            violations.AddRange(await ViolationsAsync(page));
        }
        await page.GotoAsync($"companies/{company}/settings/subscription");
        await page.WaitForConsoleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        violations.AddRange(await ViolationsAsync(page));

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }
}
