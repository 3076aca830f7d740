using System.Text.RegularExpressions;
using AdminConsole.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Journey 5: a legal representative adds a client by e-mail; the client grants its own rights and payment method.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClientJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await _smtp.DisposeAsync();
    }

    [BrowserFact(NeedsSmtp = true)]
    public async Task Add_client_the_client_grants_fewer_rights_and_pays_itself_and_the_partner_sees_it_live()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings:
            ["Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None"]);

        // The partner admin sees no Add client button; the legal representative does.
        var admin = await browser.NewPageAsync(app.BaseUrl);
        await admin.SignInAsync(Demo.Admin, Demo.Password);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Add client" })).ToHaveCountAsync(0);

        var legal = await browser.NewPageAsync(app.BaseUrl);
        await legal.SignInAsync(Demo.Legal, Demo.Password);
        await legal.GetByRole(AriaRole.Button, new() { Name = "Add client" }).ClickAsync();
        var dialog = legal.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Company name").FillAsync("Skovgaard Tømrer ApS");
        await dialog.GetByLabel("Organisation number").FillAsync("DK44556677");
        await dialog.GetByLabel("Contact's name").FillAsync("Jens Skovgaard");
        await dialog.GetByLabel("Contact's e-mail").FillAsync("jens@skovgaard.example");
        await dialog.GetByLabel("Message (optional)").FillAsync("Vi overtager gerne jeres bogføring.");
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Manage billing" })).ToBeCheckedAsync();
        await legal.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("12-add-client") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // The invitations list, open beside, shows the client as it decides.
        await legal.GetByRole(AriaRole.Link, new() { Name = "Client invitations" }).ClickAsync();
        var row = legal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Skovgaard Tømrer ApS" });
        await Expect(row).ToContainTextAsync("Pending");

        // The client, with no console account, opens the link from the e-mail in a browser of its own.
        var mail = await _smtp.WaitForAsync("jens@skovgaard.example");
        Assert.Contains("Vi overtager gerne jeres bogføring.", mail.TextBody);
        var link = Regex.Match(mail.TextBody ?? "", @"http://\S+/clients/invitation\?token=\S+").Value;
        var client = await browser.NewPageAsync(app.BaseUrl);
        await client.GotoAsync(link);
        await Expect(client.GetByText("Nordtal Revision ApS asks to administer Skovgaard Tømrer ApS")).ToBeVisibleAsync();
        await client.GetByRole(AriaRole.Checkbox, new() { Name = "Manage billing" }).UncheckAsync();
        await client.GetByRole(AriaRole.Radio, new() { Name = "The client pays (invoice or card)" }).CheckAsync();
        await client.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("13-client-decides") });
        if (File.Exists(Accessibility.AxePath))
            await client.AssertAccessibleAsync("the client's invitation page");
        await client.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("now administers Skovgaard Tømrer ApS");

        // The same link again: a clear page, nothing changes.
        await client.GotoAsync(link);
        await Expect(client.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot be used");

        // Live in the partner's console: accepted, with what was granted and how the client pays.
        await Expect(row).ToContainTextAsync("Accepted");
        await Expect(row).ToContainTextAsync("The client pays (invoice or card)");
        await _smtp.WaitForAsync(Demo.Legal);

        // The client's profile: requested beside granted.
        await legal.GotoAsync("companies?q=Skovgaard");
        await legal.WaitForConsoleAsync();
        await legal.GetByRole(AriaRole.Link, new() { Name = "Manage Skovgaard Tømrer ApS" }).ClickAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await legal.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await legal.GetByRole(AriaRole.Link, new() { Name = "Partner access" }).ClickAsync();
        var rights = legal.GetByRole(AriaRole.Table, new() { Name = "Rights of Nordtal Revision ApS" });
        await Expect(rights.GetByRole(AriaRole.Row).Filter(new() { HasText = "Manage billing" })).ToContainTextAsync(new Regex(@"Yes\s*No"));
        await Expect(rights.GetByRole(AriaRole.Row).Filter(new() { HasText = "Manage subscription" })).ToContainTextAsync(new Regex(@"Yes\s*Yes"));
        await Expect(legal.GetByText("Accepted by Jens Skovgaard")).ToBeVisibleAsync();
        await legal.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("14-partner-access") });

        // The client list, searched, exported to CSV: the new client's row is in the file.
        await legal.GotoAsync("companies?q=Skovgaard");
        await legal.WaitForConsoleAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Export to CSV" }).ClickAsync();
        var download = await legal.RunAndWaitForDownloadAsync(() =>
            legal.GetByRole(AriaRole.Menuitem, new() { Name = "Semicolon-separated" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"clients-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var lines = await File.ReadAllLinesAsync(file);
        File.Delete(file);
        Assert.StartsWith("Skovgaard Tømrer ApS;DK44556677;", Assert.Single(lines[1..]));

        // The demo employee reaches its clients through Clients: only the five assigned to it.
        var employee = await browser.NewPageAsync(app.BaseUrl);
        await employee.SignInAsync(Demo.Employee, Demo.Password);
        await employee.GetByRole(AriaRole.Link, new() { Name = "Clients" }).ClickAsync();
        await Expect(employee.GetByText("of 5 companies")).ToBeVisibleAsync();
        await employee.GotoAsync("companies?q=Skovgaard");
        await employee.WaitForConsoleAsync();
        await Expect(employee.GetByRole(AriaRole.Link, new() { Name = "Manage Skovgaard Tømrer ApS" })).ToHaveCountAsync(0);
    }
}
