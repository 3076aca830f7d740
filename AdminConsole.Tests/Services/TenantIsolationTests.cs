using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>A partner never sees or enters another partner's companies, whatever id it guesses.</summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CompanyOf(string partner)
    {
        await using var db = _app.Db();
        return await db.Companies.Where(c => c.Partner.Name == partner).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    [Fact]
    public async Task A_partner_lists_only_its_own_companies()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Fjord);
        var page = await companies.ListAsync(new CompanyListQuery(PageSize: 100));

        Assert.Equal(55, page.Total);
        Assert.All(page.Items, row => Assert.Equal(DemoData.Fjord, row.PartnerName));
    }

    [Fact]
    public async Task Searching_for_another_partners_company_finds_nothing()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Fjord);
        var page = await companies.ListAsync(new CompanyListQuery(Search: DemoData.SuperuserCompany));
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Guessing_another_partners_company_id_is_refused_as_not_found()
    {
        var nordtalCompany = await CompanyOf(DemoData.Nordtal);
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Fjord);

        await Assert.ThrowsAsync<NotFoundProblem>(() => companies.GetAsync(nordtalCompany));
        await Assert.ThrowsAsync<NotFoundProblem>(() => companies.EnterAsync(nordtalCompany));
        await Assert.ThrowsAsync<NotFoundProblem>(() => companies.GetAsync(int.MaxValue));

        await using var db = _app.Db();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.CompanyId == nordtalCompany));
    }

    [Fact]
    public async Task Changing_another_partners_company_is_refused_by_the_policy()
    {
        var nordtalCompany = await CompanyOf(DemoData.Nordtal);
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Fjord);
        await Assert.ThrowsAsync<NotFoundProblem>(() => policy.DemandAsync(nordtalCompany, AccessRight.ManageSubscription));
    }

    [Fact]
    public async Task An_enrolled_partner_sees_only_the_companies_it_was_granted_and_only_within_the_rights()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Rackbeat);
        var page = await companies.ListAsync(new CompanyListQuery());
        Assert.Equal(3, page.Total);

        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Rackbeat);
        var permit = await policy.DemandAsync(page.Items[0].Id, AccessRight.ViewCompany);
        Assert.Equal(DemoData.Rackbeat, permit.ActingFor);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(page.Items[0].Id, AccessRight.ManageSubscription));
    }

    [Fact]
    public async Task An_employee_may_work_inside_a_client_but_not_change_its_subscription()
    {
        var company = await CompanyOf(DemoData.Nordtal);
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Employee);
        await policy.DemandAsync(company, AccessRight.ManageUsers);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(company, AccessRight.ManageSubscription));

        var admin = await _app.ServiceAsAsync<AccessPolicy>(Demo.Admin);
        Assert.True((await admin.DemandAsync(company, AccessRight.ManageSubscription)).Can(AccessRight.ManageSubscription));
    }

    [Fact]
    public async Task A_company_user_sees_only_its_own_company()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Superuser);
        var page = await companies.ListAsync(new CompanyListQuery());
        var row = Assert.Single(page.Items);
        Assert.Equal(DemoData.SuperuserCompany, row.Name);

        await Assert.ThrowsAsync<NotFoundProblem>(async () => await companies.GetAsync(await CompanyOf(DemoData.Fjord)));
    }

    [Fact]
    public async Task An_operator_sees_every_partner_and_entering_is_audited_as_operator()
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Operator);
        var page = await companies.ListAsync(new CompanyListQuery());
        Assert.Equal(201, page.Total);

        var fjordCompany = await CompanyOf(DemoData.Fjord);
        // An operator's entry is break-glass support access: never without a reason.
        await Assert.ThrowsAsync<ValidationProblem>(() => companies.EnterAsync(fjordCompany));
        var entered = await companies.EnterAsync(fjordCompany, new EntryReason("Support call", "4711"));
        Assert.Equal($"Operator for {DemoData.Fjord}", entered.ActingFor);

        await using var db = _app.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.CompanyId == fjordCompany);
        Assert.Equal(("company.entered", "Ola Operator", $"Operator for {DemoData.Fjord}", "Support call", "4711"),
            (audit.Action, audit.ActorName, audit.ActingFor, audit.Reason, audit.Ticket));
    }

    [Fact]
    public async Task Nobody_signed_in_gets_nothing()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        await Assert.ThrowsAsync<SessionEndedException>(() => companies.ListAsync(new CompanyListQuery()));
    }
}
