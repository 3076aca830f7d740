using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Journey 1: switch a customer to an external agreement; the superuser activates its login.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscriptionJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await _smtp.DisposeAsync();
    }

    private static async Task<(int Id, string Name, string AgreementNumber)> InternalCompanyAsync(ConsoleApp app)
    {
        await using var db = app.Db();
        var c = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal &&
                                              c.Subscription.AgreementType == AgreementType.Internal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.AgreementNumber }).FirstAsync();
        return (c.Id, c.Name, c.AgreementNumber);
    }

    /// <summary>Companies → find → Manage → gear → All settings → Subscription → Edit → External → OK.</summary>
    private static async Task SwitchToExternalInBrowserAsync(IPage page, string agreementNumber, string name)
    {
        await page.GetByLabel("Search companies").FillAsync(agreementNumber);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscription status" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Subscription status", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Plus" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "External" }).CheckAsync();
        await dialog.GetByLabel("Superuser name").FillAsync("Mette Kunde");
        await dialog.GetByLabel("Superuser ID").FillAsync("bad id!");
        await dialog.GetByLabel("Superuser e-mail").FillAsync("mette@kunde.example");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        // The service refuses the bad ID at its field; nothing typed is lost.
        await Expect(dialog.GetByText("Use 3–32 characters")).ToBeVisibleAsync();
        // Focus is on the field at fault, and a screen reader reads its error with it.
        await Expect(dialog.GetByLabel("Superuser ID")).ToBeFocusedAsync();
        await Expect(dialog.GetByLabel("Superuser ID")).ToHaveAccessibleDescriptionAsync(new Regex("Use 3–32 characters"));
        await Expect(dialog.GetByLabel("Superuser name")).ToHaveValueAsync("Mette Kunde");
        await dialog.GetByLabel("Superuser ID").FillAsync("mette.kunde");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("05-edit-subscription") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var status = page.GetByRole(AriaRole.Table, new() { Name = "Subscription status" });
        await Expect(status.GetByRole(AriaRole.Row).Filter(new() { HasText = "Agreement type" })).ToContainTextAsync("External");
        await Expect(status.GetByRole(AriaRole.Row).Filter(new() { HasText = "Login" })).ToContainTextAsync("Waiting for activation");
    }

    private static async Task ActivateAndSignInAsync(IPage page, string link, string name)
    {
        await page.GotoAsync(link);
        await Expect(page.GetByText("Choose a password for your user ID mette.kunde")).ToBeVisibleAsync();
        await page.GetByLabel("New password").FillAsync("Mette-Kunde-2026!");
        await page.GetByLabel("Repeat the password").FillAsync("Mette-Kunde-2026!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(page.GetByText("Your password is set.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("E-mail or user ID")).ToHaveValueAsync("mette.kunde");
        await page.GetByLabel("Password").FillAsync("Mette-Kunde-2026!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForConsoleAsync();
        await Expect(page.GetByText($"Your company: {name}")).ToBeVisibleAsync();

        await page.GotoAsync("companies");
        await page.WaitForConsoleAsync();
        await Expect(page.GetByText("1–1 of 1 companies")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToBeVisibleAsync();
    }

    [BrowserFact(NeedsSmtp = true)]
    public async Task A_partner_admin_switches_a_company_to_external_and_the_superuser_activates_from_the_email()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings:
            ["Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None"]);
        var (_, name, agreementNumber) = await InternalCompanyAsync(app);

        var admin = await browser.NewPageAsync(app.BaseUrl);
        await admin.SignInAsync(Demo.Admin, Demo.Password);
        await SwitchToExternalInBrowserAsync(admin, agreementNumber, name);
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("06-subscription-external") });

        var mail = await _smtp.WaitForAsync("mette@kunde.example");
        Assert.Equal($"Jeres aftale for {name} er nu ekstern", mail.Subject);   // the Danish customer reads Danish
        var link = Regex.Match(mail.TextBody ?? "", @"http://\S+/account/activate\?token=\S+").Value;

        var superuser = await browser.NewPageAsync(app.BaseUrl);  // a second browser context: the customer
        var secondTab = await superuser.Context.NewPageAsync();    // the same link, opened twice
        await secondTab.GotoAsync(link);
        await ActivateAndSignInAsync(superuser, link, name);

        // The second tab, still showing the form, is told the link was used: no bare "400 Bad Request".
        await secondTab.GetByLabel("New password").FillAsync("Another-Pass-2026!");
        await secondTab.GetByLabel("Repeat the password").FillAsync("Another-Pass-2026!");
        await secondTab.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(secondTab.GetByText("This activation link has already been used.")).ToBeVisibleAsync();
        await Expect(secondTab.GetByText("nothing was changed")).ToBeVisibleAsync();
        await secondTab.GetByRole(AriaRole.Link, new() { Name = "Go to the sign-in page" }).ClickAsync();
        await Expect(secondTab.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // The partner's open page learns of the activation without a reload.
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Subscription status" })
            .GetByRole(AriaRole.Row).Filter(new() { HasText = "Login" })).ToContainTextAsync("Activated");

        // The link works once.
        await superuser.GotoAsync(link);
        await Expect(superuser.GetByText("already been used")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_second_company_cannot_take_a_pending_superusers_e_mail_and_sign_in_with_it_never_fails()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true);
        var (_, name, agreementNumber) = await InternalCompanyAsync(app);
        var admin = await browser.NewPageAsync(app.BaseUrl);
        await admin.SignInAsync(Demo.Admin, Demo.Password);
        await SwitchToExternalInBrowserAsync(admin, agreementNumber, name);   // mette@kunde.example, pending

        (string Name, string Number) other;
        await using (var db = app.Db())
            other = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Name != name &&
                                                  c.Subscription.AgreementType == AgreementType.Internal)
                .OrderBy(c => c.Id).Select(c => ValueTuple.Create(c.Name, c.AgreementNumber)).FirstAsync();
        await admin.GotoAsync($"companies?q={other.Number}");
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Manage {other.Name}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Subscription status" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "External" }).CheckAsync();
        await dialog.GetByLabel("Superuser name").FillAsync("Mette Igen");
        await dialog.GetByLabel("Superuser ID").FillAsync("mette.igen");
        await dialog.GetByLabel("Superuser e-mail").FillAsync(" METTE@Kunde.example ");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(dialog.GetByText("This e-mail already belongs to another sign-in.")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "Subscription status" })
            .GetByRole(AriaRole.Row).Filter(new() { HasText = "Agreement type" })).ToContainTextAsync("Internal");

        // The pending e-mail at the sign-in form: the ordinary answer, never an error page.
        var stranger = await browser.NewPageAsync(app.BaseUrl);
        await stranger.GotoAsync("account/login");
        await stranger.GetByLabel("E-mail or user ID").FillAsync("mette@kunde.example");
        await stranger.GetByLabel("Password").FillAsync("guess-guess-1A!");
        await stranger.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(stranger.GetByText("The e-mail or password is not correct.")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Without_a_mail_server_an_operator_finds_the_activation_link_in_the_outbox()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true);
        var (_, name, agreementNumber) = await InternalCompanyAsync(app);
        var admin = await browser.NewPageAsync(app.BaseUrl);
        await admin.SignInAsync(Demo.Admin, Demo.Password);
        await SwitchToExternalInBrowserAsync(admin, agreementNumber, name);
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Outbox" })).ToHaveCountAsync(0);

        var op = await browser.NewPageAsync(app.BaseUrl);
        await op.SignInAsync(Demo.Operator, Demo.Password);
        await op.GetByRole(AriaRole.Link, new() { Name = "Outbox" }).ClickAsync();
        var mail = op.GetByRole(AriaRole.Article, new() { Name = $"E-mail to mette@kunde.example: Jeres aftale for {name} er nu ekstern" });
        await Expect(mail).ToContainTextAsync("Waiting");
        await op.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("07-outbox") });
        var link = await mail.GetByRole(AriaRole.Link).GetAttributeAsync("href");

        var superuser = await browser.NewPageAsync(app.BaseUrl);
        await ActivateAndSignInAsync(superuser, link!, name);
    }
}
