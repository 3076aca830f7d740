using AdminConsole.Data;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The outbox against a real SMTP server on loopback (Debian's aiosmtpd), stopped and started.</summary>
public sealed class EmailDeliveryTests : IAsyncLifetime
{
    private readonly SmtpServer _smtp = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private string[] Smtp() =>
    [
        "Smtp:Host=127.0.0.1", $"Smtp:Port={_smtp.Port}", "Smtp:Security=None", "Smtp:RetrySeconds=1",
        "Smtp:MaxRetrySeconds=1", "Smtp:PollSeconds=1",
    ];

    private static async Task SwitchToExternalAsync(ConsoleApp app)
    {
        int company;
        await using (var db = app.Db())
            company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal &&
                                                    c.Subscription.AgreementType == AgreementType.Internal)
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var service = await app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await service.GetAsync(company);
        await service.ChangeAsync(company, new SubscriptionChange(
            new SubscriptionState(Plan.Standard, AgreementType.External, "Mads Mail", "mads.mail", "mads@kunde.example"),
            status.Version));
    }

    [SmtpFact]
    public async Task The_superuser_gets_the_mail_with_a_link_that_opens_the_activation_page()
    {
        await _smtp.StartAsync();
        await using var app = await ConsoleApp.StartAsync(listen: true, settings: Smtp());
        await SwitchToExternalAsync(app);

        var mail = await _smtp.WaitForAsync("mads@kunde.example");
        Assert.Equal("Mads Mail", mail.To.Mailboxes.Single().Name);
        Assert.Contains("er nu ekstern", mail.Subject);   // a Danish company: the superuser's e-mail is in Danish
        var body = mail.TextBody ?? "";
        Assert.Contains("mads.mail", body);
        var link = System.Text.RegularExpressions.Regex.Match(body, @"http://\S+/account/activate\?token=\S+").Value;
        Assert.StartsWith(app.BaseUrl, link);
        // The HTML part says the same, in the same language, with the link clickable.
        Assert.Contains($"<a href=\"{link}\">", mail.HtmlBody);
        Assert.Contains("Hej Mads Mail,", mail.HtmlBody);

        using var web = new WebSession(app.BaseUrl);
        var (_, page) = await web.GetAsync(link);
        Assert.Contains("Choose a password for your user ID mads.mail", page);

        await using var db = app.Db();
        var sent = await db.OutboxMessages.SingleAsync();
        Assert.Equal((OutboxStatus.Sent, 1), (sent.Status, sent.Attempts));
    }

    [SmtpFact]
    public async Task With_the_server_down_the_mail_waits_and_is_delivered_when_it_comes_back()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true, settings: Smtp());
        await SwitchToExternalAsync(app);

        await WaitUntilAsync(app, m => m.Attempts >= 2);
        await using (var db = app.Db())
        {
            var waiting = await db.OutboxMessages.SingleAsync();
            Assert.Equal(OutboxStatus.Queued, waiting.Status);
            Assert.NotNull(waiting.LastError);
        }

        await _smtp.StartAsync();
        await _smtp.WaitForAsync("mads@kunde.example");
        await WaitUntilAsync(app, m => m.Status == OutboxStatus.Sent);
    }

    [SmtpFact]
    public async Task Mail_queued_before_a_restart_is_delivered_after_it()
    {
        var first = await ConsoleApp.StartAsync(listen: true);  // no SMTP server configured: the laptop default
        await SwitchToExternalAsync(first);
        await Task.Delay(1500);
        await using (var db = first.Db())
        {
            var waiting = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Queued, 0), (waiting.Status, waiting.Attempts));
        }
        await first.StopAsync();

        await _smtp.StartAsync();
        await using var second = await ConsoleApp.StartAsync(listen: true, settings: Smtp(), databasePath: first.DatabasePath);
        await _smtp.WaitForAsync("mads@kunde.example");
    }

    private static async Task WaitUntilAsync(ConsoleApp app, Func<OutboxMessage, bool> condition) =>
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await using var db = app.Db();
            return (await db.OutboxMessages.AsNoTracking().ToListAsync()).Any(condition);
        }), "The outbox never reached the expected state.");
}
