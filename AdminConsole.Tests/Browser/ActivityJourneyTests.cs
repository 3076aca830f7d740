using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Browser;

/// <summary>The Activity page: the company sees who entered it; filters live in the URL; the filtered list exports.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActivityJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact]
    public async Task The_company_finds_who_entered_it_and_what_changed_filters_by_person_and_exports_it()
    {
        int bakery;
        await using (var db = App.Db())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();

        // Nordtal's admin enters the bakery and changes its subscription.
        var partner = await NewPageAsync();
        await partner.SignInAsync(Demo.Admin, Demo.Password);
        await partner.GotoAsync($"companies/{bakery}/settings/subscription");
        await partner.WaitForConsoleAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Radio, new() { Name = "Plus" }).CheckAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        // The bakery's superuser opens Activity: who, for whom, what, and the change.
        var company = await NewPageAsync();
        await company.SignInAsync("bageriet", Demo.Password);
        await company.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        var table = company.GetByRole(AriaRole.Table, new() { Name = "Activity" });
        var change = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Changed the subscription" });
        await Expect(change).ToContainTextAsync("Jonas Holm");
        await Expect(change).ToContainTextAsync(DemoData.Nordtal);
        await Expect(change).ToContainTextAsync("Standard → Plus");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Entered the company" })).Not.ToHaveCountAsync(0);

        await company.GetByLabel("Person").FillAsync("jonas");
        await company.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(company).ToHaveURLAsync(new Regex("activity\\?person=jonas"));
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Karen Hansen" })).ToHaveCountAsync(0);
        await company.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("23-activity") });

        var download = await company.RunAndWaitForDownloadAsync(() =>
            company.GetByRole(AriaRole.Link, new() { Name = "Export to CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("Changed the subscription", csv);
        Assert.DoesNotContain("Karen Hansen", csv);
    }
}
