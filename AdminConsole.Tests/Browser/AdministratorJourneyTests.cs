using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Journey 2: select an administrator for a company; the partner sees the company appear and disappear, live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministratorJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact]
    public async Task The_superuser_selects_Rackbeat_and_Rackbeat_sees_the_company_come_and_go_without_a_reload()
    {
        int bakery;
        await using (var db = App.Db())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();

        // Rackbeat's support has its company list open, searched for the bakery: nothing yet.
        var rackbeat = await NewPageAsync();
        await rackbeat.SignInAsync(Demo.Rackbeat, Demo.Password);
        await rackbeat.GetByLabel("Search companies").FillAsync("bageriet");
        await Expect(rackbeat.GetByText("No company matches \"bageriet\".")).ToBeVisibleAsync();

        // The company's own superuser: gear → All settings → Company → Administrators.
        var owner = await NewPageAsync();
        await owner.SignInAsync("bageriet", Demo.Password);
        await Expect(owner.GetByText($"Your company: {DemoData.SuperuserCompany}")).ToBeVisibleAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await owner.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Administrators" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Enrolled administrators" })).ToBeVisibleAsync();

        await owner.GetByLabel("Administrator name").FillAsync("rackbeat");
        await owner.GetByLabel("Administrator name").PressAsync("Enter");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Select Rackbeat Admin" }).ClickAsync();
        var dialog = owner.GetByRole(AriaRole.Dialog);
        // The dialog starts with View only, and the superuser is offered only what it holds itself: not the
        // subscription or billing. Each right says in one line what it allows.
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "View company" })).ToBeCheckedAsync();
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "View company" })).ToBeDisabledAsync();
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Manage subscription" })).ToHaveCountAsync(0);
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Manage billing" })).ToHaveCountAsync(0);
        await Expect(dialog.GetByText("Not offered, because you do not hold them here: Manage subscription, Manage billing.")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Manage administrators" })).Not.ToBeCheckedAsync();
        await Expect(dialog.GetByText("Invite and remove the company's users and its customer-portal logins.")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Manage users and portal logins" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Export data" }).CheckAsync();
        await owner.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("08-select-administrator") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();

        var enrolled = owner.GetByRole(AriaRole.Table, new() { Name = "Enrolled administrators" });
        // On top of the list (under the header row), marked as new.
        await Expect(enrolled.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Rackbeat Admin");
        await Expect(enrolled.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("New");
        await Expect(enrolled.GetByRole(AriaRole.Button, new() { Name = "Deselect Rackbeat Admin" })).ToBeVisibleAsync();
        await Expect(owner.GetByRole(AriaRole.Table, new() { Name = "Search results" })
            .GetByRole(AriaRole.Button, new() { Name = "Deselect Rackbeat Admin" })).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("09-enrolled-administrators") });

        // Rackbeat's open list shows the company without a reload; Rackbeat enters it.
        var row = rackbeat.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoData.SuperuserCompany });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 3000 });
        await rackbeat.GetByRole(AriaRole.Link, new() { Name = $"Manage {DemoData.SuperuserCompany}" }).ClickAsync();
        await Expect(rackbeat.GetByText($"Managing {DemoData.SuperuserCompany} as {DemoData.Rackbeat}")).ToBeVisibleAsync();
        await rackbeat.GotoAsync($"companies/{bakery}/settings/subscription");
        await rackbeat.WaitForConsoleAsync();
        await Expect(rackbeat.GetByRole(AriaRole.Heading, new() { Name = "Subscription status", Exact = true })).ToBeVisibleAsync();
        await Expect(rackbeat.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToHaveCountAsync(0);

        // Deselect in the first console: Rackbeat, inside the company, is taken back to its list with a message.
        await enrolled.GetByRole(AriaRole.Button, new() { Name = "Deselect Rackbeat Admin" }).ClickAsync();
        await owner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deselect" }).ClickAsync();
        await Expect(owner.GetByText("No other administrators are enrolled.")).ToBeVisibleAsync();

        await Expect(rackbeat.GetByText("You no longer have access to this company.")).ToBeVisibleAsync(new() { Timeout = 3000 });
        await Expect(rackbeat.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
        await rackbeat.GetByLabel("Search companies").FillAsync("bageriet");
        await Expect(rackbeat.GetByText("No company matches \"bageriet\".")).ToBeVisibleAsync();
        await Expect(owner.GetByRole(AriaRole.Table, new() { Name = "Access history" })).ToContainTextAsync("Revoked by Karen Hansen");
    }
}
