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
        var bakery = await BakeryAsync();

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

    [BrowserFact]
    public async Task With_reasons_asked_the_company_reads_who_entered_why_and_what_changed_in_its_access_log()
    {
        var bakery = await BakeryAsync();

        // Nordtal's legal representative turns the partner setting on.
        var legal = await NewPageAsync();
        await legal.SignInAsync(Demo.Legal, Demo.Password);
        await legal.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await legal.GetByRole(AriaRole.Switch, new() { Name = "Ask for a reason when entering a client" }).CheckAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(legal.GetByText("The partner's settings were saved.")).ToBeVisibleAsync();

        // Its admin enters the bakery: asked why before anything of the company shows.
        var partner = await NewPageAsync();
        await partner.SignInAsync(Demo.Admin, Demo.Password);
        await partner.GetByLabel("Search companies").FillAsync("31415926");
        await partner.GetByRole(AriaRole.Link, new() { Name = $"Manage {DemoData.SuperuserCompany}" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Name = $"Why are you entering {DemoData.SuperuserCompany}?" })).ToBeVisibleAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Enter the company" }).ClickAsync();
        await Expect(partner.GetByText($"Say why you are entering {DemoData.SuperuserCompany}.")).ToBeVisibleAsync();
        await partner.GetByLabel("Reason").FillAsync("Payroll question");
        await partner.GetByLabel("Ticket number (optional)").FillAsync("4711");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Enter the company" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Status).Filter(new() { HasText = "Managing" }))
            .ToContainTextAsync("reason: Payroll question (ticket 4711)");

        // … changes the subscription …
        await partner.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await partner.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Radio, new() { Name = "Plus" }).CheckAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        // … and the bakery's superuser finds the visit, its reason and the change in Company → Access log.
        var company = await NewPageAsync();
        await company.SignInAsync("bageriet", Demo.Password);
        await company.GotoAsync($"companies/{bakery}/settings");
        await company.WaitForConsoleAsync();
        await company.GetByRole(AriaRole.Link, new() { Name = "Access log" }).ClickAsync();
        var visit = company.GetByRole(AriaRole.Table, new() { Name = "Access log" }).GetByRole(AriaRole.Row)
            .Filter(new() { HasText = "Jonas Holm" });
        await Expect(visit).ToContainTextAsync("Payroll question (ticket 4711)");
        await Expect(visit).ToContainTextAsync(DemoData.Nordtal);
        await Expect(visit).ToContainTextAsync("Changed the subscription");
        await Expect(visit).ToContainTextAsync("Plan Standard → Plus");
        await company.GetByRole(AriaRole.Switch, new() { Name = "E-mail me a weekly digest of entries into this company" }).CheckAsync();
        await Expect(company.GetByText("The weekly digest is on.")).ToBeVisibleAsync();
        await company.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("24-access-log") });
    }

    [BrowserFact]
    public async Task Times_show_in_the_persons_time_zone_as_their_browser_tells_it()
    {
        await (await App.ServiceAsAsync<AdminConsole.Companies.CompanyService>(Demo.Admin)).EnterAsync(await BakeryAsync());
        var page = await NewPageAsync("America/New_York");
        await page.SignInAsync(Demo.Admin, Demo.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Activity" });
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "When (America/New_York)" })).ToBeVisibleAsync();

        AuditEntry newest;
        await using (var db = App.Db())
        {
            newest = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
            Assert.Equal("America/New_York", await db.Users.Where(u => u.Email == Demo.Admin).Select(u => u.TimeZone).SingleAsync());
        }
        var local = TimeZoneInfo.ConvertTimeFromUtc(newest.At, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Expect(table.Locator($"time[datetime='{newest.At:yyyy-MM-ddTHH:mm:ss}Z']").First)
            .ToHaveTextAsync(local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
    }
}
