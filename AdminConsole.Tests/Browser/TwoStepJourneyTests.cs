using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>
/// Passkeys with Chromium's virtual authenticator (CDP WebAuthn), and sessions that end in an open console. WebAuthn
/// needs a domain, not an IP address, so the browser opens the console at localhost.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoStepJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private string _localhost = "";

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(listen: true, settings: ["AllowedHosts=127.0.0.1;localhost"]);
        _localhost = _app.BaseUrl.Replace("127.0.0.1", "localhost");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await _app.DisposeAsync();
    }

    [BrowserFact]
    public async Task A_person_adds_a_passkey_then_signs_in_with_password_and_passkey_and_with_the_passkey_alone()
    {
        var page = await browser.NewPageAsync(_localhost);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await page.SignInAsync(Demo.Admin, Demo.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in security" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in security" })).ToBeVisibleAsync();
        await page.GetByLabel("Name of the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The passkey is added." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Your passkeys" })).ToContainTextAsync("Test laptop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the console" }).ClickAsync();
        await page.WaitForConsoleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();

        // With a passkey, the password alone is no longer enough: the passkey is the second step.
        await page.GetByLabel("E-mail or user ID").FillAsync(Demo.Admin);
        await page.GetByLabel("Password").FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForConsoleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();

        // And alone, as the first and only step.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForConsoleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Jonas Holm")).ToBeVisibleAsync();

        await using var db = _app.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "person.two-step-added" && a.After!.Contains("Test laptop")));
        Assert.Contains(await db.OutboxMessages.Where(m => m.To == Demo.Admin).Select(m => m.Body).ToListAsync(),
            b => b.Contains("A passkey \"Test laptop\" was added to your sign-in."));
    }

    [BrowserFact]
    public async Task A_person_removed_from_the_team_is_taken_to_the_sign_in_page_of_their_open_console_at_once()
    {
        var legal = await browser.NewPageAsync(_app.BaseUrl);
        var admin = await browser.NewPageAsync(_app.BaseUrl);
        await admin.SignInAsync(Demo.Admin, Demo.Password);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();

        await legal.SignInAsync(Demo.Legal, Demo.Password);
        await legal.GotoAsync("team");
        await legal.WaitForConsoleAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Remove Jonas Holm from the team" }).ClickAsync();
        await legal.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();

        // No click in the admin's window: the open console itself goes to the sign-in page and says why.
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended. Please sign in again.");
        await Expect(admin).ToHaveURLAsync(new Regex("/account/login"));
    }

    [BrowserFact(NeedsAxe = true)]
    public async Task An_operator_finds_a_locked_account_under_Locked_accounts_and_unlocks_it()
    {
        await using (var db = _app.Db())
            await db.Users.Where(u => u.Email == Demo.Fjord).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(10)).SetProperty(x => x.AccessFailedCount, 20));
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync(Demo.Operator, Demo.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Locked accounts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Locked accounts" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("Locked accounts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlock Ingrid Berg" }).ClickAsync();
        await Expect(page.GetByText("Ingrid Berg can sign in again.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No account is locked." })).ToBeVisibleAsync();

        // The person menu leads every signed-in person to their sign-in security.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in security" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in security" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("Sign-in security");

        var fjord = await browser.NewPageAsync(_app.BaseUrl);
        await fjord.SignInAsync(Demo.Fjord, Demo.Password);
        await Expect(fjord.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
    }
}
