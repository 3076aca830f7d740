using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>The partner's team: invite a colleague who sets a password and signs in; assign an employee to a client, live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact]
    public async Task A_legal_representative_invites_a_colleague_keeps_the_last_legal_seat_and_assigns_an_employee_live()
    {
        var legal = await NewPageAsync();
        await legal.SignInAsync(Demo.Legal, Demo.Password);
        await legal.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(legal.GetByRole(AriaRole.Heading, new() { Name = "Team", Exact = true })).ToBeVisibleAsync();
        var team = legal.GetByRole(AriaRole.Table, new() { Name = "Team" });
        await Expect(team.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sara Lind" })).ToBeVisibleAsync();

        // Invite a colleague as partner admin.
        await legal.GetByLabel("Name", new() { Exact = true }).FillAsync("Eva Revisor");
        await legal.GetByLabel("E-mail", new() { Exact = true }).FillAsync("eva@nordtal.example");
        await legal.GetByLabel("Role", new() { Exact = true }).ClickAsync();
        await legal.GetByRole(AriaRole.Option, new() { Name = "Partner admin" }).ClickAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(team.GetByRole(AriaRole.Row).Filter(new() { HasText = "Eva Revisor" })).ToContainTextAsync("Invited");
        await legal.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("15-team") });

        // The only legal representative cannot give up the role: the console says why.
        await legal.GetByLabel("Role of Mette Nordtal").ClickAsync();
        await legal.GetByRole(AriaRole.Option, new() { Name = "Partner employee" }).ClickAsync();
        await Expect(legal.GetByText("The partner's last legal representative cannot be removed or given another role."))
            .ToBeVisibleAsync();

        // Eva sets her password from the e-mail (read from the outbox here) and signs in to the client list.
        string body;
        await using (var db = App.Db())
            body = await db.OutboxMessages.Where(m => m.To == "eva@nordtal.example").Select(m => m.Body).SingleAsync();
        var eva = await NewPageAsync();
        await eva.GotoAsync(Regex.Match(body, @"http://\S+/account/activate\?token=\S+").Value);
        await eva.GetByLabel("New password").FillAsync("Evas-Password-2026");
        await eva.GetByLabel("Repeat the password").FillAsync("Evas-Password-2026");
        await eva.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await eva.SignInAsync("eva@nordtal.example", "Evas-Password-2026");
        await Expect(eva.GetByText("of 111 companies")).ToBeVisibleAsync();

        // Assign the demo employee to a client it does not reach yet; its open list shows the client without a reload.
        string name, number;
        int id;
        await using (var db = App.Db())
        {
            var employee = await db.Users.Where(u => u.Email == Demo.Employee).Select(u => u.Id).SingleAsync();
            var c = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal &&
                                                  !db.ClientAssignments.Any(a => a.CompanyId == c.Id && a.UserId == employee))
                .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.AgreementNumber }).FirstAsync();
            (id, name, number) = (c.Id, c.Name, c.AgreementNumber);
        }
        var employeePage = await NewPageAsync();
        await employeePage.SignInAsync(Demo.Employee, Demo.Password);
        await Expect(employeePage.GetByText("of 5 companies")).ToBeVisibleAsync();

        await legal.GotoAsync($"companies/{id}/settings/partner-access");
        await legal.WaitForConsoleAsync();
        await legal.GetByLabel("Employee", new() { Exact = true }).ClickAsync();
        await legal.GetByRole(AriaRole.Option, new() { Name = "Sara Lind" }).ClickAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Expect(legal.GetByRole(AriaRole.List, new() { Name = "Assigned employees" })).ToContainTextAsync("Sara Lind");

        await Expect(employeePage.GetByText("of 6 companies")).ToBeVisibleAsync();
        await employeePage.GetByLabel("Search companies").FillAsync(number);
        await employeePage.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}" }).ClickAsync();
        await Expect(employeePage.GetByText($"Managing {name} as {DemoData.Nordtal}")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_clients_row_opens_what_it_granted_beside_what_was_asked()
    {
        string name;
        await using (var db = App.Db())
            name = await db.ClientInvitations.Where(i => i.Status == ClientInvitationStatus.Accepted)
                .Select(i => i.Company!.Name).SingleAsync();
        var page = await NewPageAsync();
        await page.SignInAsync(Demo.Admin, Demo.Password);
        await page.GetByLabel("Search companies").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Partner access of {name}" }).ClickAsync();
        await Expect(page.GetByText("The client pays (invoice or card)", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("^Granted: .*Export data$"))).Not.ToContainTextAsync("Manage billing");
    }
}
