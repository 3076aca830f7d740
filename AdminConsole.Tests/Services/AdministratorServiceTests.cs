using Microsoft.Extensions.Time.Testing;
using AdminConsole.Administrators;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

public sealed class AdministratorServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;
    private int _company;        // a Nordtal client nobody else administers
    private int _rackbeat;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await using var db = _app.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        _rackbeat = await db.Partners.Where(p => p.Name == DemoData.Rackbeat).Select(p => p.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<AdministratorService> As(string email) => _app.ServiceAsAsync<AdministratorService>(email);

    private async Task<bool> RackbeatSeesCompanyAsync()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Rackbeat);
        var list = await companies.ListAsync(new CompanyListQuery(PageSize: 100));
        return list.Items.Any(r => r.Id == _company);
    }

    [Fact]
    public async Task The_directory_finds_partners_by_administrator_name_case_insensitively_but_not_the_owner()
    {
        var service = await As(Demo.Admin);
        var found = await service.SearchAsync(_company, "RACKBEAT", 1);
        var entry = Assert.Single(found.Items);
        Assert.Equal(("Rackbeat Admin", (int?)null), (entry.AdministratorName, entry.AccessId));
        Assert.Empty((await service.SearchAsync(_company, "Nordtal", 1)).Items);
        Assert.Equal(3, (await service.SearchAsync(_company, "admin", 1)).Total);
    }

    [Fact]
    public async Task The_most_recently_selected_administrator_is_listed_first_whatever_its_name()
    {
        var service = await As(Demo.Admin);
        int Partner(string name) { using var db = _app.Db(); return db.Partners.Single(p => p.Name == name).Id; }
        foreach (var name in new[] { DemoData.Alpen, DemoData.Rackbeat, DemoData.Fjord })
        {
            await service.SelectAsync(_company, Partner(name), new AccessGrant(AccessRight.ViewCompany, null));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(["Fjord Regnskap Admin", "Rackbeat Admin", "Alpen Treuhand Admin"],
            (await service.GetAsync(_company)).Enrolled.Select(a => a.AdministratorName));
    }

    [Fact]
    public async Task Select_enrols_the_partner_which_then_sees_and_can_manage_the_company_within_the_rights()
    {
        Assert.False(await RackbeatSeesCompanyAsync());
        var service = await As(Demo.Admin);
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.ViewCompany | AccessRight.ManageUsers, null));

        Assert.True(await RackbeatSeesCompanyAsync());
        var model = await service.GetAsync(_company);
        var enrolled = Assert.Single(model.Enrolled);
        Assert.Equal(("Rackbeat Admin", AccessRight.ViewCompany | AccessRight.ManageUsers, "Jonas Holm"),
            (enrolled.AdministratorName, enrolled.Rights, enrolled.GrantedBy));
        Assert.Equal(enrolled.AccessId, (await service.SearchAsync(_company, "rack", 1)).Items.Single().AccessId);

        // Only view was granted, not the subscription: the service refuses Rackbeat's change.
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Rackbeat);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(_company, AccessRight.ManageSubscription));
        await policy.DemandAsync(_company, AccessRight.ManageUsers);

        await using var db = _app.Db();
        Assert.Contains(db.OutboxMessages, m => m.To == Demo.Rackbeat && m.Subject.Contains("granted administrator access"));
        Assert.Contains(db.AuditEntries, a => a.CompanyId == _company && a.Action == "administrator.selected" && a.ActorName == "Jonas Holm");
        await Assert.ThrowsAsync<ConflictProblem>(() =>
            service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, null)));
    }

    [Fact]
    public async Task Access_never_changes_the_companys_own_data()
    {
        Company before;
        await using (var db = _app.Db())
            before = await db.Companies.AsNoTracking().Include(c => c.Subscription).SingleAsync(c => c.Id == _company);
        var service = await As(Demo.Admin);
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, null));
        await service.DeselectAsync(_company, (await service.GetAsync(_company)).Enrolled.Single().AccessId);
        await using var check = _app.Db();
        var after = await check.Companies.AsNoTracking().Include(c => c.Subscription).SingleAsync(c => c.Id == _company);
        Assert.Equal((before.Name, before.Version, before.Subscription.Version), (after.Name, after.Version, after.Subscription.Version));
    }

    [Fact]
    public async Task Narrowing_the_rights_takes_effect_at_once()
    {
        var service = await As(Demo.Admin);
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, null));
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Rackbeat);
        await policy.DemandAsync(_company, AccessRight.ManageSubscription);

        var enrolled = (await service.GetAsync(_company)).Enrolled.Single();
        await service.ChangeAsync(_company, enrolled.AccessId, new AccessGrant(AccessRight.ViewCompany, null), enrolled.Version);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(_company, AccessRight.ManageSubscription));
        await Assert.ThrowsAsync<ConflictProblem>(() => service.ChangeAsync(_company, enrolled.AccessId,
            new AccessGrant(AccessRight.All, null), enrolled.Version));
    }

    [Fact]
    public async Task Deselect_ends_the_access_at_once_and_the_history_says_revoked_by_whom()
    {
        var service = await As(Demo.Admin);
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, null));
        var accessId = (await service.GetAsync(_company)).Enrolled.Single().AccessId;
        var rackbeatCompanies = await _app.ServiceAsAsync<CompanyService>(Demo.Rackbeat);

        await service.DeselectAsync(_company, accessId);

        Assert.False(await RackbeatSeesCompanyAsync());
        await Assert.ThrowsAsync<NotFoundProblem>(() => rackbeatCompanies.GetAsync(_company));
        var model = await service.GetAsync(_company);
        Assert.Empty(model.Enrolled);
        var h = Assert.Single(model.History);
        Assert.Equal((AccessState.Revoked, "Jonas Holm"), (h.State, h.EndedBy));
        await using var db = _app.Db();
        Assert.Contains(db.OutboxMessages, m => m.To == Demo.Rackbeat && m.Subject.Contains("has ended"));
        await Assert.ThrowsAsync<ConflictProblem>(() => service.DeselectAsync(_company, accessId));
    }

    [Fact]
    public async Task An_end_date_that_passes_ends_the_access_by_itself_as_expired_not_revoked()
    {
        var service = await As(Demo.Admin);
        var today = DateOnly.FromDateTime(_clock.UtcNow());
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, today.AddDays(2)));
        Assert.True(await RackbeatSeesCompanyAsync());

        _clock.Advance(TimeSpan.FromDays(3));
        Assert.False(await RackbeatSeesCompanyAsync());  // at once, before the sweeper has run

        Assert.Equal(1, await _app.Services.GetRequiredService<AccessExpiry>().RunOnceAsync());
        var h = Assert.Single((await service.GetAsync(_company)).History);
        Assert.Equal(AccessState.Expired, h.State);
        await using var db = _app.Db();
        var access = await db.AdministratorAccesses.SingleAsync(a => a.CompanyId == _company);
        Assert.Equal(AccessEndReason.Expired, access.EndReason);
        Assert.Contains(db.AuditEntries, a => a.Action == "administrator.expired" && a.CompanyId == _company);
    }

    [Fact]
    public async Task An_access_past_its_end_date_is_neither_visible_nor_told_of_changes_even_before_the_sweeper_runs()
    {
        var service = await As(Demo.Admin);
        await service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, DateOnly.FromDateTime(_clock.UtcNow())));
        Assert.True(await RackbeatSeesCompanyAsync());
        _clock.Advance(TimeSpan.FromDays(2));

        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        string rackbeatUser, operatorUser;
        await using (var db = _app.Db())
        {
            rackbeatUser = await db.Users.Where(u => u.Email == Demo.Rackbeat).Select(u => u.Id).SingleAsync();
            operatorUser = await db.Users.Where(u => u.Email == Demo.Operator).Select(u => u.Id).SingleAsync();
        }
        var notifier = _app.Services.GetRequiredService<AdminConsole.Live.ChangeNotifier>();
        var rackbeatHeard = new TaskCompletionSource();
        var operatorHeard = new TaskCompletionSource();
        using var rackbeat = notifier.Subscribe((await CurrentActor.LoadAsync(factory, _clock, rackbeatUser, default))!, e =>
        {
            if (e.CompanyId == _company) rackbeatHeard.TrySetResult();
            return Task.CompletedTask;
        });
        using var op = notifier.Subscribe((await CurrentActor.LoadAsync(factory, _clock, operatorUser, default))!, e =>
        {
            if (e.CompanyId == _company) operatorHeard.TrySetResult();
            return Task.CompletedTask;
        });

        var subscriptions = await _app.ServiceAsAsync<AdminConsole.Subscriptions.SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(_company);
        await subscriptions.ChangeAsync(_company, new AdminConsole.Subscriptions.SubscriptionChange(
            status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus }, status.Version));

        await operatorHeard.Task.WaitAsync(TimeSpan.FromSeconds(10));   // delivered to every subscriber in one pass
        Assert.False(rackbeatHeard.Task.IsCompleted);
        Assert.False(await RackbeatSeesCompanyAsync());
        Assert.Empty((await service.GetAsync(_company)).Enrolled);
    }

    [Fact]
    public void The_active_rule_reads_the_same_in_queries_and_in_memory()
    {
        var now = _clock.UtcNow();
        var isActiveInQuery = ActiveAccess.At(now).Compile();
        foreach (DateTime? ended in new DateTime?[] { null, now.AddDays(-1) })
        foreach (DateTime? expires in new DateTime?[] { null, now.AddDays(-1), now, now.AddTicks(1), now.AddDays(1) })
        {
            var access = new AdministratorAccess { EndedAt = ended, ExpiresAt = expires };
            Assert.Equal(ended is null && (expires is null || expires > now), access.IsActive(now));
            Assert.Equal(access.IsActive(now), isActiveInQuery(access));
        }
    }

    [Fact]
    public async Task A_past_end_date_and_no_rights_are_refused()
    {
        var service = await As(Demo.Admin);
        var yesterday = DateOnly.FromDateTime(_clock.UtcNow()).AddDays(-1);
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, yesterday)));
        Assert.Contains("EndsOn", problem.Errors.Keys);
        problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.None, null)));
        Assert.Contains("Rights", problem.Errors.Keys);
    }

    [Theory]
    [InlineData(Demo.Employee, typeof(ForbiddenProblem))]   // employees do not manage administrators
    [InlineData(Demo.Fjord, typeof(NotFoundProblem))]       // another partner
    [InlineData(Demo.Rackbeat, typeof(NotFoundProblem))]    // not enrolled here
    [InlineData(Demo.Superuser, typeof(NotFoundProblem))]   // another company's superuser
    public async Task People_without_the_right_are_refused(string email, Type refusal)
    {
        await _app.AssignAsync(Demo.Employee, _company);   // the employee reaches it, but its role stops it
        var service = await As(email);
        var problem = await Assert.ThrowsAnyAsync<ConsoleProblem>(() =>
            service.SelectAsync(_company, _rackbeat, new AccessGrant(AccessRight.All, null)));
        Assert.IsType(refusal, problem);
        await Assert.ThrowsAnyAsync<ConsoleProblem>(() => service.SearchAsync(_company, "rack", 1));
    }

    [Fact]
    public async Task A_companys_own_superuser_may_select_administrators_for_it()
    {
        int bakery;
        await using (var db = _app.Db())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        var service = await As(Demo.Superuser);
        await service.SelectAsync(bakery, _rackbeat, new AccessGrant(AccessPolicy.CompanyUserRights, null));
        var model = await service.GetAsync(bakery);
        Assert.Equal("Karen Hansen", model.Enrolled.Single().GrantedBy);
        await using var check = _app.Db();
        Assert.Contains(check.AuditEntries, a => a.CompanyId == bakery && a.ActingFor == DemoData.SuperuserCompany);
    }
}
