using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>The console in the people's own languages: journey 1 in Danish, with the customer's e-mail in Danish.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync()
    {
        await browser.CloseWindowsAsync();
        await _smtp.DisposeAsync();
    }

    [BrowserFact(NeedsSmtp = true)]
    public async Task Journey_1_in_Danish_with_the_customers_e_mail_in_Danish_and_the_choice_remembered_on_the_person()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings:
            ["Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None"]);
        (string Name, string Number) company;
        await using (var db = app.Db())
            company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Country == "DK" &&
                                                    c.Subscription.AgreementType == AgreementType.Internal && !c.AdministratorAccesses.Any())
                .OrderBy(c => c.Id).Select(c => ValueTuple.Create(c.Name, c.AgreementNumber)).FirstAsync();

        // Switched to Danish on the sign-in page, before signing in.
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.GotoAsync("account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dansk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log ind" })).ToBeVisibleAsync();
        await page.GetByLabel("E-mail eller bruger-id").FillAsync(Demo.Admin);
        await page.GetByLabel("Adgangskode").FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind", Exact = true }).ClickAsync();
        await page.WaitForConsoleAsync();

        // Virksomheder → Administrér → Alle indstillinger → Abonnement → Abonnementstatus → Redigér.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Virksomheder" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Næste side" })).ToBeVisibleAsync();   // MudBlazor's own text
        await page.GetByLabel("Søg i virksomheder").FillAsync(company.Number);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Administrér {company.Name}" }).ClickAsync();
        await Expect(page.GetByText($"Du administrerer {company.Name} som {DemoData.Nordtal}")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Indstillinger" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Alle indstillinger" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Abonnement", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Abonnementstatus" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Redigér" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Ekstern (kunden har sin egen adgang via en superbruger)" }).CheckAsync();
        await dialog.GetByLabel("Superbrugerens navn").FillAsync("Mette Kunde");
        await dialog.GetByLabel("Superbruger-id").FillAsync("mette.kunde");
        await dialog.GetByLabel("Superbrugerens e-mail").FillAsync("not-an-address");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(dialog.GetByText("Indtast en gyldig e-mailadresse")).ToBeVisibleAsync();   // a service message, in Danish
        await dialog.GetByLabel("Superbrugerens e-mail").FillAsync("mette@kunde.example");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("19-edit-subscription-da") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var status = page.GetByRole(AriaRole.Table, new() { Name = "Abonnementstatus" });
        await Expect(status).ToContainTextAsync("Venter på aktivering");
        await Expect(status).ToContainTextAsync("kr. om måneden");
        // The history in Danish dates (24.11.2026), not ISO.
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Abonnementshistorik" })).ToContainTextAsync(
            DateTime.Now.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture));

        // A Danish company's superuser gets the e-mail in Danish.
        var mail = await _smtp.WaitForAsync("mette@kunde.example");
        Assert.Equal($"Jeres aftale for {company.Name} er nu ekstern", mail.Subject);
        Assert.Contains("Hej Mette Kunde,", mail.TextBody);
        Assert.Contains("Dit superbruger-id (brugernavn): mette.kunde", mail.TextBody);

        // The language menu switches at once, on the same page, and the choice stays with the person.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sprog" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Norsk (bokmål)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Abonnementsstatus" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Abonnementsstatus" })).ToBeVisibleAsync();
        await using (var db = app.Db())
            Assert.Equal("nb", await db.Users.Where(u => u.Email == Demo.Admin).Select(u => u.Language).SingleAsync());

        // On another device (a fresh browser), signing in brings the chosen language back.
        var other = await browser.NewPageAsync(app.BaseUrl);
        await other.SignInAsync(Demo.Admin, Demo.Password);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Selskaper" })).ToBeVisibleAsync();
        await other.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("20-companies-nb") });
    }

    private static async Task SignInInAsync(IPage page, string language, string email, string signIn, string emailLabel,
        string passwordLabel)
    {
        await page.GotoAsync("account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = language }).ClickAsync();
        await page.GetByLabel(emailLabel).FillAsync(email);
        await page.GetByLabel(passwordLabel, new() { Exact = true }).FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = signIn, Exact = true }).ClickAsync();
        await page.WaitForConsoleAsync();
    }

    [BrowserFact]
    public async Task Customer_agreements_in_Norwegian_new_agreement_move_to_a_new_one_and_delete()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true);
        string company;
        await using (var db = app.Db())
            company = await db.Companies.Where(c => c.CustomerAgreement!.Name == "Fjord Hovedavtale").OrderBy(c => c.Name)
                .Select(c => c.Name).FirstAsync();
        var page = await browser.NewPageAsync(app.BaseUrl);
        await SignInInAsync(page, "Norsk (bokmål)", Demo.Fjord, "Logg inn", "E-post eller bruker-ID", "Passord");

        // Kundeavtaler → Ny kundeavtale → the wizard → Avbryt.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kundeavtaler" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ny kundeavtale" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Navn").FillAsync("Fjordsen Holding");
        await dialog.GetByLabel("Kundenummer").FillAsync("20001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(dialog.GetByText("En annen kundeavtale bruker allerede dette kundenummeret.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Kundenummer").FillAsync("60001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nytt selskap i Fjordsen Holding" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Avbryt" }).ClickAsync();
        await Expect(page.GetByText("Denne avtalen har ingen selskaper ennå.")).ToBeVisibleAsync();

        // Flytt selskap til ny kundeavtale, from Fjord Hovedavtale.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kundeavtaler" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Fjord Hovedavtale", Exact = true }).ClickAsync();
        // Amounts as Norwegians write them, in the partner's billing currency (NOK): kr 1 234,50.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"kr [\d\s]+,\d\d denne måneden"));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Handlinger for {company}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Flytt selskap til ny kundeavtale" }).ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Navn").FillAsync("Egen avtale");
        await dialog.GetByLabel("Kundenummer").FillAsync("60002");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Egen avtale" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = company })).ToBeVisibleAsync();

        // Slett the empty one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kundeavtaler" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Handlinger for Fjordsen Holding" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Slett", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Slett" }).ClickAsync();
        await Expect(page.GetByText("Fjordsen Holding ble slettet.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("21-customer-agreements-nb") });
    }

    [BrowserFact(NeedsSmtp = true)]
    public async Task Add_client_in_German_and_the_German_client_gets_its_invitation_in_German()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings:
            ["Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None"]);
        var page = await browser.NewPageAsync(app.BaseUrl);
        await SignInInAsync(page, "Deutsch", Demo.Legal, "Anmelden", "E-Mail oder Benutzer-ID", "Passwort");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unternehmen", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Client hinzufügen" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name des Unternehmens").FillAsync("Bäckerei Huber GmbH");
        await dialog.GetByLabel("Registernummer").FillAsync("HRB 12345");
        await dialog.GetByLabel("Land").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "DE" }).ClickAsync();
        await dialog.GetByLabel("Name des Kontakts").FillAsync("Anna Huber");
        await dialog.GetByLabel("E-Mail des Kontakts").FillAsync("anna@huber.example");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("22-add-client-de") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Einladung senden" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var mail = await _smtp.WaitForAsync("anna@huber.example");
        Assert.Equal($"{DemoData.Nordtal} bittet darum, Bäckerei Huber GmbH zu verwalten", mail.Subject);
        Assert.Contains("Hallo Anna Huber,", mail.TextBody);
    }

    [BrowserFact]
    public async Task The_company_list_in_each_language_for_the_readme()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true);
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.SignInAsync(Demo.Legal, Demo.Password);
        foreach (var (code, heading, next) in new[]
                 {
                     ("en", "Companies", "Next page"), ("da", "Virksomheder", "Næste side"),
                     ("nb", "Selskaper", "Neste side"), ("de", "Unternehmen", "Nächste Seite"),
                 })
        {
            await page.GotoAsync($"culture?c={code}&returnUrl=/companies");
            await page.WaitForConsoleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = next })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"languages/companies-{code}") });
        }
    }
}
