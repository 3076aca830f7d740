using AdminConsole.Audit;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>The Activity page's service: who sees which entries, the filters, and paging by key.</summary>
public sealed class ActivityServiceTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _bakery, _fjordCompany;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        _fjordCompany = await db.Companies.Where(c => c.Partner.Name == DemoData.Fjord).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        // Something happens in a Nordtal client (by Nordtal), and in a Fjord client (by Fjord).
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Admin)).EnterAsync(_bakery);
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Fjord)).EnterAsync(_fjordCompany);
        var subscriptions = await _app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(_bakery);
        await subscriptions.ChangeAsync(_bakery, new SubscriptionChange(status.Current with { Plan = Plan.Plus }, status.Version));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IReadOnlyList<ActivityRow>> SeenByAsync(string email, ActivityQuery? query = null) =>
        (await (await _app.ServiceAsAsync<ActivityService>(email)).ListAsync(query ?? new ActivityQuery())).Items;

    [Fact]
    public async Task A_partner_sees_its_own_people_and_its_clients_never_another_partners_even_by_filter()
    {
        // Someone outside the partner (the client's own superuser) acting in its client: the partner sees it too.
        await (await _app.ServiceAsAsync<CompanyService>(Demo.Superuser)).EnterAsync(_bakery);
        var nordtal = await SeenByAsync(Demo.Admin);
        Assert.Contains(nordtal, r => r.CompanyId == _bakery && r.Action == "Changed the subscription");
        Assert.Contains(nordtal, r => r.CompanyId == _bakery && r.Person == "Karen Hansen");
        Assert.Equal(nordtal.Select(r => r.Id).OrderDescending(), nordtal.Select(r => r.Id));   // one list, newest first
        Assert.DoesNotContain(nordtal, r => r.CompanyId == _fjordCompany);
        Assert.Empty(await SeenByAsync(Demo.Admin, new ActivityQuery(CompanyId: _fjordCompany)));   // by URL: nothing

        var fjord = await SeenByAsync(Demo.Fjord);
        Assert.Contains(fjord, r => r.CompanyId == _fjordCompany && r.Action == "Entered the company");
        Assert.DoesNotContain(fjord, r => r.CompanyId == _bakery);
        Assert.Empty(await SeenByAsync(Demo.Fjord, new ActivityQuery(CompanyId: _bakery)));
        Assert.Empty(await SeenByAsync(Demo.Fjord, new ActivityQuery(Person: "Jonas")));
    }

    [Fact]
    public async Task The_company_sees_what_anyone_did_in_it_the_operator_sees_all_an_employee_only_their_own()
    {
        var superuser = await SeenByAsync(Demo.Superuser);
        Assert.Contains(superuser, r => r.Person == "Jonas Holm" && r.ActingFor == DemoData.Nordtal && r.Action == "Entered the company");
        Assert.All(superuser, r => Assert.Equal(_bakery, r.CompanyId));

        var op = await SeenByAsync(Demo.Operator);
        Assert.Contains(op, r => r.CompanyId == _bakery);
        Assert.Contains(op, r => r.CompanyId == _fjordCompany);

        Assert.DoesNotContain(await SeenByAsync(Demo.Employee), r => r.Person == "Jonas Holm");
    }

    [Fact]
    public async Task Filters_narrow_in_the_database_and_the_change_reads_as_before_and_after()
    {
        var changed = Assert.Single(await SeenByAsync(Demo.Admin, new ActivityQuery(Kind: "subscription", Person: "jonas")));
        Assert.Equal("Changed the subscription", changed.Action);
        var plan = Assert.Single(changed.Changes, c => c.Field == "Plan");
        Assert.Equal(("Standard", "Plus"), (plan.Before, plan.After));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Empty(await SeenByAsync(Demo.Admin, new ActivityQuery(Kind: "subscription", From: today.AddDays(1))));
        Assert.Empty(await SeenByAsync(Demo.Admin, new ActivityQuery(Kind: "subscription", To: today.AddDays(-1))));
        Assert.Single(await SeenByAsync(Demo.Admin, new ActivityQuery(Kind: "subscription", From: today, To: today)));
        Assert.NotEmpty(await SeenByAsync(Demo.Admin, new ActivityQuery(Text: "plus")));
    }

    [Fact]
    public async Task Pages_follow_by_key_with_nothing_lost_or_repeated()
    {
        await using (var db = _app.Db())
        {
            db.AuditEntries.AddRange(Enumerable.Range(0, 120).Select(i => new AuditEntry
            {
                At = DateTime.UtcNow, ActorUserId = "x", ActorName = $"Bulk {i}", ActingFor = DemoData.Nordtal, CompanyId = _bakery,
                Action = "company.exported",
            }));
            await db.SaveChangesAsync();
        }
        var service = await _app.ServiceAsAsync<ActivityService>(Demo.Superuser);
        var seen = new List<long>();
        var query = new ActivityQuery();
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await service.ListAsync(query);
            seen.AddRange(page.Items.Select(r => r.Id));
            if (page.OlderThan is not long older)
                break;
            query = query with { Before = older };
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.OrderByDescending(id => id), seen);
        await using var check = _app.Db();
        Assert.Equal(await check.AuditEntries.CountAsync(a => a.CompanyId == _bakery), seen.Count);
    }

    [Fact]
    public void The_url_keeps_every_filter_and_drops_what_is_not_valid()
    {
        var query = ActivityQuery.FromUrl("2026-11-01", "2026-11-30", "Jonas", "12", "subscription", "plus", "99");
        Assert.Equal(query, ActivityQuery.FromUrl("2026-11-01", "2026-11-30", "Jonas", "12", "subscription", "plus", "99"));
        Assert.Contains("kind=subscription", query.ToUrl("activity"));
        Assert.Equal(new ActivityQuery(), ActivityQuery.FromUrl("31-31-2026", "x", "", "-1", "drop table", null, "abc"));
    }

    [Fact]
    public async Task Who_acted_when_it_is_not_a_person_or_partner_reads_in_the_readers_language()
    {
        var subscriptions = await _app.ServiceAsAsync<SubscriptionService>(Demo.Operator);
        var status = await subscriptions.GetAsync(_bakery);
        await subscriptions.ChangeAsync(_bakery, new SubscriptionChange(status.Current with { Plan = Plan.Small }, status.Version));

        using (AdminConsole.Infrastructure.Languages.Speak(AdminConsole.Infrastructure.Languages.Culture("da")))
            Assert.Contains(await SeenByAsync(Demo.Superuser), r => r.ActingFor == $"Operatør for {DemoData.Nordtal}" && r.Action == "Ændrede abonnementet");
        Assert.Contains(await SeenByAsync(Demo.Superuser), r => r.ActingFor == $"Operator for {DemoData.Nordtal}");
        await using var db = _app.Db();
        Assert.Contains(db.AuditEntries, a => a.ActingFor == $"Operator for {DemoData.Nordtal}");   // stored once, read in each language
    }
}
