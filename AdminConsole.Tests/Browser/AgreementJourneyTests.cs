using System.Globalization;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Journey 4: customer agreements, the new-company wizard, moves, delete, and the invoice basis CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AgreementJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    private static async Task OpenAgreementAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer agreements" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    private static async Task CompanyActionAsync(IPage page, string company, string action)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Actions for {company}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    [BrowserFact]
    public async Task Create_fill_move_in_move_out_delete_and_download_the_invoice_basis()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(Demo.Admin, Demo.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer agreements" }).ClickAsync();

        // New customer agreement → straight into the wizard; cancel it, then finish later from the agreement.
        await page.GetByRole(AriaRole.Button, new() { Name = "New customer agreement" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Fjordsen Holding");
        await dialog.GetByLabel("Customer number").FillAsync("10001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Another customer agreement already uses this customer number.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Customer number").FillAsync("50001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New company in Fjordsen Holding" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByText("This agreement holds no companies yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Create company" }).ClickAsync();
        await page.GetByLabel("Company name").FillAsync("Fjordsen Træ ApS");
        await page.GetByLabel("Organisation number").FillAsync("44556677");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Plus" }).CheckAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("10-new-company-wizard") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create company" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Fjordsen Træ ApS" })).ToBeVisibleAsync();

        // Move the bakery in from Hansen Gruppen.
        await OpenAgreementAsync(page, "Hansen Gruppen");
        await CompanyActionAsync(page, DemoData.SuperuserCompany, "Move company");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Radio, new() { Name = "Fjordsen Holding (50001)" }).CheckAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Expect(page.GetByText("This agreement holds no companies yet.")).ToBeVisibleAsync();

        await OpenAgreementAsync(page, "Fjordsen Holding");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "2 companies" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("11-customer-agreement") });

        // … and out again, to a new agreement.
        await CompanyActionAsync(page, DemoData.SuperuserCompany, "Move company to new customer agreement");
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Bageriet Egen");
        await dialog.GetByLabel("Customer number").FillAsync("50002");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bageriet Egen" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = DemoData.SuperuserCompany })).ToBeVisibleAsync();

        // Hansen Gruppen is empty now: the menu allows Delete.
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer agreements" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions for Nordtal Standard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete (not while it holds" })).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions for Hansen Gruppen" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hansen Gruppen" })).ToHaveCountAsync(0);

        // The invoice basis of Fjordsen Holding, as CSV: its total is the sum of its lines and the month's amount.
        await OpenAgreementAsync(page, "Fjordsen Holding");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal("CustomerNumber,Description,Quantity,UnitPrice,Amount,Currency", csv[0].TrimStart('\uFEFF'));
        var amounts = csv.Skip(1).SkipLast(1).Select(l => decimal.Parse(l.Split(',')[^2], CultureInfo.InvariantCulture)).ToList();
        var total = decimal.Parse(csv[^1].Split(',')[^2], CultureInfo.InvariantCulture);
        Assert.Equal(amounts.Sum(), total);
        Assert.Contains(csv, l => l.Contains("Subscription Plus: Fjordsen Træ ApS") && l.EndsWith(",349.00,DKK"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(total.ToString("N2", CultureInfo.InvariantCulture) + " kr.");
    }
}
