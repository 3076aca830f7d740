using AdminConsole.Administrators;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Team;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Services;

/// <summary>
/// Accountability inside a client: the reason given on entering, carried on what is changed during that visit; the
/// company's access log; the weekly digest; reminders before an administrator access ends, sent once.
/// </summary>
public sealed class AccessLogTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;
    private int _bakery, _rackbeat;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await using var db = _app.Db();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        _rackbeat = await db.Partners.Where(p => p.Name == DemoData.Rackbeat).Select(p => p.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task AskForReasonsAsync()
    {
        var team = await _app.ServiceAsAsync<TeamService>(Demo.Legal);
        await team.SaveSettingsAsync((await team.GetAsync()).Settings with { AskReasonToEnter = true });
    }

    [Fact]
    public async Task A_partner_that_asks_for_a_reason_gets_one_on_every_change_of_the_visit_and_the_company_reads_it()
    {
        // Off by default: entering needs no reason.
        await using (var before = await _app.AsAsync(Demo.Admin))
            Assert.False((await before.ServiceProvider.GetRequiredService<CompanyService>().EntryRequirementAsync(_bakery)).ReasonRequired);
        await AskForReasonsAsync();

        await using var scope = await _app.AsAsync(Demo.Admin);   // one console (circuit) of Jonas
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        Assert.True((await companies.EntryRequirementAsync(_bakery)).ReasonRequired);
        var missing = await Assert.ThrowsAsync<ValidationProblem>(() => companies.EnterAsync(_bakery));
        Assert.Contains("Reason", missing.Errors.Keys);
        var control = await Assert.ThrowsAsync<ValidationProblem>(() => companies.EnterAsync(_bakery, new EntryReason("Payroll\u0000", null)));
        Assert.Contains("Reason", control.Errors.Keys);
        var tooLong = await Assert.ThrowsAsync<ValidationProblem>(() =>
            companies.EnterAsync(_bakery, new EntryReason("Payroll", new string('4', TextRules.Ticket + 1))));
        Assert.Contains("Ticket", tooLong.Errors.Keys);

        var entered = await companies.EnterAsync(_bakery, new EntryReason("Payroll question", "4711"));
        Assert.Equal(new EntryReason("Payroll question", "4711"), entered.Reason);
        var subscriptions = scope.ServiceProvider.GetRequiredService<SubscriptionService>();
        var status = await subscriptions.GetAsync(_bakery);
        await subscriptions.ChangeAsync(_bakery, new SubscriptionChange(status.Current with { Plan = Plan.Plus }, status.Version));

        // After Exit, what the same console does is no longer part of the visit.
        scope.ServiceProvider.GetRequiredService<ManagedCompany>().Exit();
        status = await subscriptions.GetAsync(_bakery);
        await subscriptions.ChangeAsync(_bakery, new SubscriptionChange(status.Current with { Plan = Plan.Small }, status.Version));
        await using (var db = _app.Db())
        {
            var changes = await db.AuditEntries.Where(a => a.CompanyId == _bakery && a.Action == "subscription.changed")
                .OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(("Payroll question", "4711"), (changes[0].Reason, changes[0].Ticket));
            Assert.NotNull(changes[0].VisitId);
            Assert.Equal((null, null), (changes[1].Reason, changes[1].VisitId));
        }

        // The company's superuser reads the visit: who, for whom, why and what changed; their own visits are not listed.
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Superuser)).EnterAsync(_bakery);
        var log = await (await _app.ServiceAsAsync<AccessLogService>(Demo.Superuser)).GetAsync(_bakery);
        Assert.DoesNotContain(log.Visits, v => v.Entry.Person == "Karen Hansen");
        var visit = log.Visits[0];
        Assert.Equal(("Jonas Holm", DemoData.Nordtal, "Payroll question (ticket 4711)"),
            (visit.Entry.Person, visit.Entry.ActingFor, visit.Entry.Reason));
        var change = Assert.Single(visit.Changes);
        Assert.Equal("Changed the subscription", change.Action);
        Assert.Contains(change.Changes, f => f.Field == "Plan" && f.After == "Plus");
        Assert.False(visit.ByOperator);
        Assert.True(log.CanChooseDigest);
    }

    [Fact]
    public async Task Only_the_company_and_its_reseller_read_the_access_log_and_an_operators_entry_is_always_in_it()
    {
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Operator)).EnterAsync(_bakery, new EntryReason("Break-glass check", null));
        var log = await (await _app.ServiceAsAsync<AccessLogService>(Demo.Admin)).GetAsync(_bakery);   // the reseller of record
        var op = Assert.Single(log.Visits, v => v.ByOperator);
        Assert.Equal(("Ola Operator", "Break-glass check"), (op.Entry.Person, op.Entry.Reason));
        Assert.False(log.CanChooseDigest);

        await Assert.ThrowsAsync<NotFoundProblem>(async () => await (await _app.ServiceAsAsync<AccessLogService>(Demo.Fjord)).GetAsync(_bakery));
        // An enrolled partner is not the reseller of record.
        await using (var db = _app.Db())
        {
            var enrolled = await db.AdministratorAccesses.Where(a => a.PartnerId == _rackbeat).Select(a => a.CompanyId).FirstAsync();
            await Assert.ThrowsAsync<ForbiddenProblem>(async () =>
                await (await _app.ServiceAsAsync<AccessLogService>(Demo.Rackbeat)).GetAsync(enrolled));
        }
        await Assert.ThrowsAsync<ForbiddenProblem>(async () =>
            await (await _app.ServiceAsAsync<AccessLogService>(Demo.Admin)).SetDigestAsync(_bakery, true));
    }

    [Fact]
    public async Task The_weekly_digest_goes_once_on_monday_morning_to_the_companys_users_in_their_language()
    {
        await (await _app.ServiceAsAsync<AccessLogService>(Demo.Superuser)).SetDigestAsync(_bakery, true);
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Admin)).EnterAsync(_bakery);
        // To the next Monday, 05:00 UTC: not yet; 07:00: sent, once.
        var now = _clock.GetUtcNow();
        var monday = now.Date.AddDays(7 - ((int)now.DayOfWeek + 6) % 7);
        _clock.SetUtcNow(new DateTimeOffset(monday.AddHours(5), TimeSpan.Zero));
        var digest = _app.Services.GetRequiredService<AccessDigest>();
        Assert.Equal(0, await digest.RunOnceAsync());
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await digest.RunOnceAsync());
        Assert.Equal(0, await digest.RunOnceAsync());

        await using var db = _app.Db();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == Demo.Superuser && m.Subject.Contains("sidste uge"));
        Assert.Equal($"1 besøg i {DemoData.SuperuserCompany} i sidste uge", mail.Subject);   // a Danish company: Danish
        Assert.Contains("/settings/access-log", mail.Body);
    }

    private async Task<int> EnrolRackbeatAsync(int days)
    {
        var admin = await _app.ServiceAsAsync<AdministratorService>(Demo.Admin);
        await admin.SelectAsync(_bakery, _rackbeat, new AccessGrant(AccessRight.ViewCompany,
            DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(days)));
        await using var db = _app.Db();
        return await db.AdministratorAccesses.Where(a => a.CompanyId == _bakery && a.PartnerId == _rackbeat).Select(a => a.Id).SingleAsync();
    }

    private async Task<List<string>> RemindersToAsync(string email)
    {
        await using var db = _app.Db();
        return await db.OutboxMessages.Where(m => m.To == email && m.Subject.Contains("ends")).Select(m => m.Subject).ToListAsync();
    }

    [Fact]
    public async Task An_access_that_ends_is_reminded_14_days_and_1_day_before_once_each_and_again_after_an_extension()
    {
        await EnrolRackbeatAsync(days: 20);
        var reminders = _app.Services.GetRequiredService<AccessReminders>();
        Assert.Equal(0, await reminders.RunOnceAsync());

        _clock.Advance(TimeSpan.FromDays(7));   // 14 days left
        Assert.Equal(1, await reminders.RunOnceAsync());
        Assert.Equal(0, await reminders.RunOnceAsync());
        Assert.Equal([$"Administrator access to {DemoData.SuperuserCompany} ends in 14 days"], await RemindersToAsync(Demo.Rackbeat));
        await using (var db = _app.Db())
        {
            var toCompany = await db.OutboxMessages.SingleAsync(m => m.To == Demo.Superuser && m.Subject.Contains("udløber"));
            Assert.Contains("/settings/administrators", toCompany.Body);   // where the company extends it
        }

        _clock.Advance(TimeSpan.FromDays(13));  // the last day
        Assert.Equal(1, await reminders.RunOnceAsync());
        Assert.Equal(0, await reminders.RunOnceAsync());
        Assert.Contains($"Administrator access to {DemoData.SuperuserCompany} ends tomorrow", await RemindersToAsync(Demo.Rackbeat));

        // Extended by 30 days: the new end date is reminded again.
        var admin = await _app.ServiceAsAsync<AdministratorService>(Demo.Superuser);
        var access = (await admin.GetAsync(_bakery)).Enrolled.Single(a => a.PartnerId == _rackbeat);
        await admin.ChangeAsync(_bakery, access.AccessId, new AccessGrant(access.Rights,
            DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(30)), access.Version);
        _clock.Advance(TimeSpan.FromDays(17));
        Assert.Equal(1, await reminders.RunOnceAsync());
        Assert.Equal(3, (await RemindersToAsync(Demo.Rackbeat)).Count);
    }

    [Fact]
    public async Task Two_nodes_racing_send_a_reminder_once()
    {
        await EnrolRackbeatAsync(days: 10);
        // A second node on the same database (stopped, not disposed, at the end: the database is this test's).
        var other = await ConsoleApp.StartAsync(databasePath: _app.DatabasePath,
            configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        int[] sent;
        try
        {
            sent = await Task.WhenAll(
                _app.Services.GetRequiredService<AccessReminders>().RunOnceAsync(),
                other.Services.GetRequiredService<AccessReminders>().RunOnceAsync());
        }
        finally
        {
            await other.StopAsync();
        }
        Assert.Equal(1, sent.Sum());
        Assert.Single(await RemindersToAsync(Demo.Rackbeat));
        await using var db = _app.Db();
        Assert.Single(db.SentNotices);
    }
}
