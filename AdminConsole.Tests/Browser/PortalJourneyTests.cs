using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Journey 3: the company's superuser gives an orderer a login at two customers; the orderer orders in the portal.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await _smtp.DisposeAsync();
    }

    private static async Task OpenCustomerAsync(IPage console, string number, string name)
    {
        await console.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).ClickAsync();
        await console.GetByLabel("Search customers").FillAsync(number);
        await console.GetByLabel("Search customers").PressAsync("Enter");
        await console.GetByRole(AriaRole.Table, new() { Name = "Customers" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Orderers" })).ToBeVisibleAsync();
    }

    private static async Task AddOrdererAsync(IPage console, string name, string email)
    {
        await console.GetByRole(AriaRole.Button, new() { Name = "Add orderer" }).ClickAsync();
        var dialog = console.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("E-mail (user name)").FillAsync(email);
        await dialog.GetByLabel("E-mail (user name)").BlurAsync();
    }

    [BrowserFact(NeedsSmtp = true)]
    public async Task An_orderer_gets_one_login_at_two_customers_sets_a_password_from_the_e_mail_and_orders_in_the_portal()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings:
            ["Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None"]);
        int bakery;
        await using (var db = app.Db())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();

        // The bakery's superuser: gear → All settings → Customer portal → Customers → a customer → Add orderer.
        var console = await browser.NewPageAsync(app.BaseUrl);
        await console.SignInAsync("bageriet", Demo.Password);
        await console.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await console.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await OpenCustomerAsync(console, "10003", "Hotel Fjordgården");
        await AddOrdererAsync(console, "Sofie Sous", "sofie@fjordgaarden.example");
        await Expect(console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Checkbox, new() { Name = "E-mail a set-password link now" }))
            .ToBeCheckedAsync();   // a new login gets its link by default
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Tab, new() { Name = "Internet" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Dialog).GetByText("Off company-wide")).ToBeVisibleAsync();   // the bakery keeps addresses itself
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var orderers = console.GetByRole(AriaRole.Table, new() { Name = "Orderers" });
        await Expect(orderers.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sofie Sous" })).ToContainTextAsync("No password yet");

        // The same person at a second customer: the form says the login exists; both share it.
        await console.GetByRole(AriaRole.Link, new() { Name = "Back to the customers" }).ClickAsync();
        await console.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).WaitForAsync();
        await console.GotoAsync($"companies/{bakery}/settings/customers");
        await console.WaitForConsoleAsync();
        await console.GetByLabel("Search customers").FillAsync("10002");
        await console.GetByLabel("Search customers").PressAsync("Enter");
        await console.GetByRole(AriaRole.Table, new() { Name = "Customers" }).GetByRole(AriaRole.Link, new() { Name = "Kantinen på Havnen" }).ClickAsync();
        await AddOrdererAsync(console, "Sofie Sous", "SOFIE@Fjordgaarden.example");
        await Expect(console.GetByRole(AriaRole.Dialog).GetByText("A login with this e-mail already exists (no password yet).")).ToBeVisibleAsync();
        await console.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var sofie = orderers.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sofie Sous" });
        await Expect(sofie).ToContainTextAsync("This login is also used at: Hotel Fjordgården");
        await console.GetByRole(AriaRole.Button, new() { Name = "Password and more for Sofie Sous" }).ClickAsync();
        await console.GetByRole(AriaRole.Menuitem, new() { Name = "Send set-password link" }).ClickAsync();
        await Expect(console.GetByText("A set-password link is on its way to")).ToBeVisibleAsync();
        await console.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("16-portal-orderers") });

        // The orderer, in a browser of her own, opens the e-mail's link and chooses a password.
        // Two links went out (on adding, and on request); only the newest works.
        Assert.True(await Eventually.TrueAsync(() => _smtp.Messages().Count(m => m.To.Mailboxes.Any(a => a.Address == "sofie@fjordgaarden.example")) == 2));
        var mail = await _smtp.WaitForAsync("sofie@fjordgaarden.example");   // the login's e-mail, as first written
        var link = Regex.Match(mail.TextBody ?? "", @"http://\S+/portal/\d+/set-password\?token=\S+").Value;
        var portal = await browser.NewPageAsync(app.BaseUrl);
        await portal.GotoAsync(link);
        await portal.GetByLabel("New password").FillAsync("Sofie-Sous-2026!");
        await portal.GetByLabel("Repeat the password").FillAsync("Sofie-Sous-2026!");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(portal.GetByText("Your password is set.")).ToBeVisibleAsync();
        await portal.GetByLabel("Password").FillAsync("Sofie-Sous-2026!");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // Two customers: she chooses one, sees prices and places an order.
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Choose the customer you order for" })).ToBeVisibleAsync();
        await portal.GetByRole(AriaRole.Link, new() { Name = "Kantinen på Havnen (customer number 10002)" }).ClickAsync();
        await Expect(portal.GetByText("ordering for Kantinen på Havnen")).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Prices" })).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Delivery address" })).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Textbox, new() { Name = "Delivery address" })).ToHaveCountAsync(0);   // off company-wide: shown, not editable
        await portal.GetByLabel("Line 1: what you need").FillAsync("Rugbrød");
        await portal.GetByLabel("Line 1: quantity").FillAsync("3");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(portal.GetByText("Thank you: your order is placed.")).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Table, new() { Name = "Order history" })).ToContainTextAsync("3 × Rugbrød");
        await portal.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("17-portal-home"), FullPage = true });

        // The console turns "See prices" off company-wide; the open portal follows at its next step.
        await console.GotoAsync($"companies/{bakery}/settings/internet-orders");
        await console.WaitForConsoleAsync();
        await console.GetByRole(AriaRole.Checkbox, new() { Name = "See prices" }).UncheckAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(console.GetByText("The internet order settings are saved.")).ToBeVisibleAsync();
        await console.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("18-internet-order-settings") });

        await portal.ReloadAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Order history" })).ToBeVisibleAsync();
        await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Prices" })).ToHaveCountAsync(0);
        if (File.Exists(Accessibility.AxePath))
            await portal.AssertAccessibleAsync("the customer portal's home");
    }
}
