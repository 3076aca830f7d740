using AdminConsole.Data;
using AdminConsole.Live;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>Two consoles on one node: what one admin changes, the other sees without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveJourneyTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    // A closed browser does not always say goodbye; the server then lets its circuit go after this period.
    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(o =>
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(2));

    [BrowserFact]
    public async Task A_plan_changed_in_one_console_shows_in_the_others_company_list_and_closing_leaves_no_subscribers()
    {
        string agreementNumber, name;
        Plan plan;
        await using (var db = App.Db())
        {
            var c = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Subscription.AgreementType == AgreementType.Internal)
                .OrderBy(c => c.Id).Select(c => new { c.AgreementNumber, c.Name, c.Subscription.Plan }).FirstAsync();
            (agreementNumber, name, plan) = (c.AgreementNumber, c.Name, c.Plan);
        }
        var newPlan = plan == Plan.Plus ? "Small" : "Plus";
        var notifier = App.Services.GetRequiredService<ChangeNotifier>();

        var watcher = await NewPageAsync();
        await watcher.SignInAsync(Demo.Legal, Demo.Password);
        await watcher.GetByLabel("Search companies").FillAsync(agreementNumber);
        var row = watcher.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync(plan.ToString());
        Assert.True(notifier.SubscriberCount >= 1);

        var editor = await NewPageAsync();
        await editor.SignInAsync(Demo.Admin, Demo.Password);
        await editor.GotoAsync($"companies?q={agreementNumber}");
        await editor.WaitForConsoleAsync();
        await editor.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "All settings" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await editor.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Radio, new() { Name = newPlan }).CheckAsync();
        await editor.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();

        // How fast is measured by the benchmark (README); here only that it arrives without a reload.
        await Expect(row).ToContainTextAsync(newPlan);

        // Closing both consoles ends their circuits, and with them every subscription.
        await watcher.Context.CloseAsync();
        await editor.Context.CloseAsync();
        Assert.True(await Eventually.TrueAsync(() => notifier.SubscriberCount == 0), $"{notifier.SubscriberCount} left");
    }
}
