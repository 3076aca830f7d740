using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>A console whose session ends, or whose connection drops, says so and never freezes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    [BrowserFact]
    public async Task A_person_locked_while_the_console_is_open_lands_on_the_sign_in_page_at_the_next_step()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(Demo.Employee, Demo.Password);
        await page.GotoAsync("companies?q=bageriet");
        await page.WaitForConsoleAsync();
        await Expect(page.GetByText("1–1 of 1 companies")).ToBeVisibleAsync();

        await using (var db = App.Db())
            await db.Users.Where(u => u.Email == Demo.Employee)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1)));

        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {DemoData.SuperuserCompany}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended. Please sign in again.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        // The cookie is gone too: the list is not reachable any more.
        await page.GotoAsync("companies");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_dropped_connection_shows_the_reconnect_dialog_and_the_console_carries_on_when_it_is_back()
    {
        var page = await NewPageAsync();
        var missing = new List<string>();
        page.Response += (_, r) => { if (r.Status == 404) lock (missing) missing.Add(r.Url); };
        var refuse = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/_blazor"), ws =>
        {
            if (Volatile.Read(ref refuse))
            {
                _ = ws.CloseAsync();
                return;
            }
            ws.ConnectToServer();
            lock (sockets) sockets.Add(ws);
        });
        await page.SignInAsync(Demo.Admin, Demo.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Companies" })).ToBeVisibleAsync();
        lock (missing)
            Assert.Empty(missing);   // the reconnect script among them

        Volatile.Write(ref refuse, true);
        IWebSocketRoute live;
        lock (sockets) live = sockets[^1];
        await live.CloseAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the console" });
        await Expect(dialog).ToBeVisibleAsync();

        Volatile.Write(ref refuse, false);
        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await page.GetByLabel("Search companies").FillAsync("bageriet");
        await Expect(page.GetByText("1–1 of 1 companies")).ToBeVisibleAsync();
    }
}
