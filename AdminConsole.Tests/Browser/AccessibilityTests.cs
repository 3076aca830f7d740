using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>axe-core over every screen: no serious or critical violation (contrast, names, landmarks, ...).</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact(NeedsAxe = true)]
    public async Task Every_screen_of_the_console_passes_axe_without_serious_violations()
    {
        var company = await BakeryAsync();
        var page = await NewPageAsync();
        await page.GotoAsync("account/login");
        await page.AssertAccessibleAsync("Sign in");

        // The customer portal's static pages: sign-in, choose a customer.
        var portal = await NewPageAsync();
        await portal.GotoAsync($"portal/{company}/login");
        await portal.AssertAccessibleAsync("portal sign-in");
        await portal.GetByLabel("E-mail").FillAsync(DemoData.PortalOrdererEmail);
        await portal.GetByLabel("Password").FillAsync(Demo.Password);
        await portal.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Choose the customer");
        await portal.AssertAccessibleAsync("portal: choose a customer");

        await page.SignInAsync(Demo.Legal, Demo.Password);
        foreach (var screen in await ScreensAsync())
        {
            await page.GotoAsync(screen);
            await page.WaitForConsoleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync(screen);
        }
        // A dialog too: Edit subscription.
        await page.GotoAsync($"companies/{company}/settings/subscription");
        await page.WaitForConsoleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("Edit subscription dialog");

        // The Outbox with a message in it, so its status chips are checked.
        await (await App.ServiceAsAsync<AdminConsole.CompanyUsers.CompanyUserService>(Demo.Admin))
            .InviteAsync(company, "Ida Test", "ida@kunde.example");

        var operatorPage = await NewPageAsync();
        await operatorPage.SignInAsync(Demo.Operator, Demo.Password);
        await operatorPage.GotoAsync("outbox");
        await operatorPage.WaitForConsoleAsync();
        await Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await operatorPage.AssertAccessibleAsync("outbox");
    }

    [BrowserFact(NeedsAxe = true)]
    public async Task Every_page_keeps_its_content_in_a_main_landmark()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("account/login");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Sign in");
        await page.SignInAsync(Demo.Admin, Demo.Password);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Companies");
    }
}
