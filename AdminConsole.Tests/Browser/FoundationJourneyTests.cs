using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class FoundationJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact]
    public async Task A_partner_admin_signs_in_finds_a_company_manages_it_opens_all_settings_and_signs_out()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("companies");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        // An empty form: the first field at fault gets the focus and carries its error as its description.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("E-mail or user ID")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("E-mail or user ID")).ToHaveAccessibleDescriptionAsync("Enter your e-mail or user ID.");
        await Expect(page.GetByLabel("Password")).ToHaveAccessibleDescriptionAsync("Enter your password.");
        await page.GetByLabel("E-mail").FillAsync(Demo.Admin);
        await page.GetByLabel("Password").FillAsync(Demo.Password);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("01-sign-in") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForConsoleAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
        await Expect(page.GetByText("of 111 companies")).ToBeVisibleAsync();
        await Expect(page.GetByText(DemoData.Nordtal).First).ToBeVisibleAsync();

        await page.GetByLabel("Search companies").FillAsync("bageriet");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.SuperuserCompany });
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByText("1–1 of 1 companies")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("companies\\?q=bageriet$"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("02-companies-search") });

        // The row's actions open, from the keyboard too, as a menu whose item downloads the client's data.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {DemoData.SuperuserCompany}" }).PressAsync("Enter");
        var export = page.GetByRole(AriaRole.Menuitem, new() { Name = "Export data to CSV" });
        await Expect(export).ToBeVisibleAsync();
        await Expect(export).ToHaveAttributeAsync("href", new Regex("companies/\\d+/export.csv$"));

        // The search lives in the URL: a reload keeps it.
        await page.ReloadAsync();
        await page.WaitForConsoleAsync();
        await Expect(page.GetByLabel("Search companies")).ToHaveValueAsync("bageriet");
        await Expect(page.GetByText("1–1 of 1 companies")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {DemoData.SuperuserCompany}" }).ClickAsync();
        await Expect(page.GetByText($"Managing {DemoData.SuperuserCompany} as {DemoData.Nordtal}")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("03-managing-company") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All settings" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subscription status", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Agreement type" })).ToContainTextAsync("External");
        await page.GetByRole(AriaRole.Link, new() { Name = "Company details" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Organisation number" })).ToContainTextAsync("31415926");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("04-all-settings") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Exit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("companies");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await using var db = App.Db();
        Assert.Single(db.AuditEntries.Where(a => a.Action == "company.entered" && a.ActorName == "Jonas Holm"));
    }

    [BrowserFact]
    public async Task Manage_clicked_50_ms_after_typing_a_search_opens_the_company_and_stays_there()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(Demo.Admin, Demo.Password);
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Companies" });   // the table has an accessible name
        var first = table.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Manage ") }).First;
        var name = (await first.GetAttributeAsync("aria-label"))!["Manage ".Length..];
        var manage = table.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}", Exact = true });

        // A search the company still matches, so the link is there however fast the search runs on a busy machine.
        await page.GetByLabel("Search companies").PressSequentiallyAsync(name[..4].ToLowerInvariant());
        await page.WaitForTimeoutAsync(50);
        await manage.ClickAsync();   // before the pending search would run

        await Expect(page.GetByText($"Managing {name} as {DemoData.Nordtal}")).ToBeVisibleAsync();
        var url = page.Url;
        await page.WaitForTimeoutAsync(1000);   // well past the search pause: nothing takes the person back
        Assert.Equal(url, page.Url);
        await Expect(page.GetByText($"Managing {name} as {DemoData.Nordtal}")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Sorting_and_paging_live_in_the_url_so_back_returns_to_the_previous_page()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(Demo.Operator, Demo.Password);
        await page.GotoAsync("companies");
        await page.WaitForConsoleAsync();
        await Expect(page.GetByText("1–25 of 201 companies")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Agreement number" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=agreementnumber"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Page 2" }).ClickAsync();
        await Expect(page.GetByText("26–50 of 201 companies")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=2"));

        await page.GoBackAsync();
        await Expect(page.GetByText("1–25 of 201 companies")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Agreement number" }))
            .ToHaveAttributeAsync("aria-sort", "ascending");
    }
}
