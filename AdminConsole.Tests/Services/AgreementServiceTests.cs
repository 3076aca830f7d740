using AdminConsole.Agreements;
using AdminConsole.CompanyUsers;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Tests.Services;

public sealed class AgreementServiceTests : IAsyncLifetime
{
    private readonly FaultInjector _fault = new();
    private ConsoleApp _app = null!;

    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(configure: b =>
        b.Services.AddSingleton<IInterceptor>(_fault));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<AgreementService> As(string email) => _app.ServiceAsAsync<AgreementService>(email);

    private async Task<int> AgreementIdAsync(string name)
    {
        await using var db = _app.Db();
        return await db.CustomerAgreements.Where(a => a.Name == name).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task A_partner_lists_only_its_own_agreements_with_counts_and_amounts()
    {
        var rows = await (await As(Demo.Employee)).ListAsync();  // employees may look
        Assert.Equal(["Hansen Gruppen", "Nordtal Standard"], rows.Select(r => r.Name));
        var standard = rows.Single(r => r.Name == "Nordtal Standard");

        await using var db = _app.Db();
        var companies = await db.Companies.Include(c => c.Subscription).Where(c => c.CustomerAgreement!.Name == "Nordtal Standard").ToListAsync();
        var externals = companies.Where(c => c.Subscription.AgreementType == AgreementType.External)
            .Select(c => c.Subscription.SuperuserEmail!.ToLowerInvariant());
        var users = externals.Concat(["lise@bogholderi.example", "medarbejder1@kunde1.example", "medarbejder2@kunde2.example",
            "medarbejder3@kunde3.example", "medarbejder4@kunde4.example"]).Distinct().Count();
        Assert.Equal((companies.Count, users), (standard.Companies, standard.LicenseUsers));
        var expected = users * PlanCatalogue.PricePerUser + companies.Sum(c =>
            PlanCatalogue.Of(c.Subscription.Plan).MonthlyPrice + c.MonthlyTransactions * PlanCatalogue.Of(c.Subscription.Plan).PricePerTransaction);
        Assert.Equal(expected, standard.MonthlyAmount);

        var lines = await (await As(Demo.Admin)).InvoiceBasisAsync(standard.Id).ToListAsync();
        Assert.Equal(expected, lines.Sum(l => l.Amount));
        Assert.All(lines, l => Assert.Equal("10001", l.CustomerNumber));

        Assert.Equal(["Fjord Hovedavtale"], (await (await As(Demo.Fjord)).ListAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task Another_partners_agreement_cannot_be_read_changed_deleted_or_moved_into()
    {
        var standard = await AgreementIdAsync("Nordtal Standard");
        var fjord = await As(Demo.Fjord);
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.GetAsync(standard));
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.DeleteAsync(standard));
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.UpdateAsync(standard, new AgreementInput("X", "1"), 0));
        await Assert.ThrowsAsync<NotFoundProblem>(async () => await fjord.InvoiceBasisAsync(standard).ToListAsync());
        int fjordCompany;
        await using (var db = _app.Db())
            fjordCompany = await db.Companies.Where(c => c.Partner.Name == DemoData.Fjord).Select(c => c.Id).FirstAsync();
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.MoveCompanyAsync(fjordCompany, standard, 0));
        await Assert.ThrowsAsync<NotFoundProblem>(async () => await (await As(Demo.Admin)).MoveCompanyAsync(fjordCompany, standard, 0));
    }

    [Fact]
    public async Task Employees_may_view_but_not_create_or_change_agreements()
    {
        var employee = await As(Demo.Employee);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => employee.CreateAsync(new AgreementInput("New", "123")));
        var hansen = await AgreementIdAsync("Hansen Gruppen");
        await Assert.ThrowsAsync<ForbiddenProblem>(() => employee.DeleteAsync(hansen));
    }

    [Theory]
    [InlineData("", "123", "Name")]
    [InlineData("Nordtal Standard", "999", "Name")]        // duplicate name within the partner
    [InlineData("nordtal standard", "999", "Name")]        // names compare case-insensitively
    [InlineData("New one", "12a", "CustomerNumber")]
    [InlineData("New one", "12345678901", "CustomerNumber")]
    [InlineData("New one", "10002", "CustomerNumber")]     // duplicate number within the partner
    public async Task Bad_names_and_customer_numbers_are_refused_at_their_field(string name, string number, string field)
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(async () => await (await As(Demo.Admin)).CreateAsync(new AgreementInput(name, number)));
        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public async Task The_same_name_and_number_are_fine_at_another_partner()
    {
        var id = await (await As(Demo.Fjord)).CreateAsync(new AgreementInput("Nordtal Standard", "10001"));
        Assert.True(id > 0);
    }

    [Fact]
    public async Task Only_an_empty_agreement_can_be_deleted()
    {
        var admin = await As(Demo.Admin);
        var hansen = await AgreementIdAsync("Hansen Gruppen");
        var problem = await Assert.ThrowsAsync<ConflictProblem>(() => admin.DeleteAsync(hansen));
        Assert.Contains("still holds", problem.Message);

        var empty = await admin.CreateAsync(new AgreementInput("Tom", "555"));
        await admin.DeleteAsync(empty);
        await using var db = _app.Db();
        Assert.False(await db.CustomerAgreements.AnyAsync(a => a.Id == empty));
        Assert.Contains(db.AuditEntries, a => a.Action == "agreement.deleted" && a.ActorName == "Jonas Holm");
    }

    [Fact]
    public async Task Move_and_move_to_new_change_the_counts_of_both_agreements()
    {
        var admin = await As(Demo.Admin);
        var hansen = await AgreementIdAsync("Hansen Gruppen");
        var standard = await AgreementIdAsync("Nordtal Standard");
        var before = await admin.GetAsync(standard);
        var company = before.Companies[0];

        await admin.MoveCompanyAsync(company.Id, hansen, company.Version);
        Assert.Equal(before.Agreement.Companies - 1, (await admin.GetAsync(standard)).Agreement.Companies);
        var inHansen = await admin.GetAsync(hansen);
        Assert.Contains(inHansen.Companies, c => c.Id == company.Id);

        var moved = inHansen.Companies.Single(c => c.Id == company.Id);
        var newId = await admin.MoveCompanyToNewAsync(company.Id, new AgreementInput("Ny avtale", "777"), moved.Version);
        var created = await admin.GetAsync(newId);
        Assert.Equal([company.Id], created.Companies.Select(c => c.Id));
        await Assert.ThrowsAsync<ConflictProblem>(() => admin.MoveCompanyAsync(company.Id, hansen, company.Version));  // stale
    }

    [Fact]
    public async Task A_failure_half_way_through_move_to_new_leaves_the_company_where_it_was_and_no_new_agreement()
    {
        var admin = await As(Demo.Admin);
        var standard = await AgreementIdAsync("Nordtal Standard");
        var company = (await admin.GetAsync(standard)).Companies[0];
        _fault.FailNextSave = true;
        await Assert.ThrowsAnyAsync<Exception>(() => admin.MoveCompanyToNewAsync(company.Id, new AgreementInput("Halvvejs", "888"), company.Version));

        await using var db = _app.Db();
        Assert.Equal(standard, (await db.Companies.SingleAsync(c => c.Id == company.Id)).CustomerAgreementId);
        Assert.False(await db.CustomerAgreements.AnyAsync(a => a.Name == "Halvvejs"));
    }

    [Fact]
    public async Task The_wizard_creates_a_company_in_the_agreement_and_an_external_one_gets_its_superuser_mail()
    {
        var admin = await As(Demo.Admin);
        var id = await admin.CreateAsync(new AgreementInput("Wizard", "4242"));
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() => admin.CreateCompanyAsync(id,
            new NewCompanyInput("", "", "XX", Plan.Plus, AgreementType.External, "", "x", "bad")));
        Assert.Equal(["Country", "Name", "OrganisationNumber", "SuperuserEmail", "SuperuserLogin", "SuperuserName"],
            problem.Errors.Keys.Order());

        var companyId = await admin.CreateCompanyAsync(id, new NewCompanyInput("Fjeldsted Smedie ApS", "12121212", "DK", Plan.Plus,
            AgreementType.External, "Ole Fjeldsted", "ole.fjeldsted", "ole@fjeldsted.example"));
        var details = await admin.GetAsync(id);
        var row = Assert.Single(details.Companies);
        Assert.Equal((companyId, AgreementType.External, Plan.Plus), (row.Id, row.AgreementType, row.Plan));
        await using var db = _app.Db();
        Assert.Contains(db.OutboxMessages, m => m.To == "ole@fjeldsted.example" && m.Body.Contains("ole.fjeldsted"));
        Assert.Equal(1, details.Agreement.LicenseUsers);  // the superuser
    }

    [Fact]
    public async Task Invited_users_count_once_they_accept_and_once_per_agreement()
    {
        var admin = await As(Demo.Admin);
        var id = await admin.CreateAsync(new AgreementInput("Licens", "31337"));
        var a = await admin.CreateCompanyAsync(id, new NewCompanyInput("A ApS", "1", "DK", Plan.Small, AgreementType.Internal, null, null, null));
        var b = await admin.CreateCompanyAsync(id, new NewCompanyInput("B ApS", "2", "DK", Plan.Small, AgreementType.Internal, null, null, null));
        var users = await _app.ServiceAsAsync<CompanyUserService>(Demo.Admin);
        await users.InviteAsync(a, "Per", "per@x.example");
        await users.InviteAsync(b, "Per", "PER@x.example");
        await Assert.ThrowsAsync<ValidationProblem>(() => users.InviteAsync(a, "Per", "per@x.example"));
        Assert.Equal(0, (await admin.GetAsync(id)).Agreement.LicenseUsers);  // pending invitations hold no license

        await using (var db = _app.Db())
            foreach (var body in await db.OutboxMessages.Where(m => m.To.ToLower() == "per@x.example").Select(m => m.Body).ToListAsync())
                Assert.Null(await users.AcceptAsync(System.Text.RegularExpressions.Regex.Match(body, "token=([A-Za-z0-9_-]+)").Groups[1].Value));
        Assert.Equal(1, (await admin.GetAsync(id)).Agreement.LicenseUsers);  // one person, two companies, one agreement

        await Assert.ThrowsAsync<NotFoundProblem>(async () => await (await _app.ServiceAsAsync<CompanyUserService>(Demo.Fjord)).GetAsync(a));
        await Assert.ThrowsAsync<NotFoundProblem>(async () =>
            await (await _app.ServiceAsAsync<CompanyUserService>(Demo.Rackbeat)).InviteAsync(a, "X", "x@y.example"));
    }

    /// <summary>Fails the next SaveChanges, as a crash between two writes would.</summary>
    private sealed class FaultInjector : SaveChangesInterceptor
    {
        public bool FailNextSave { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (FailNextSave && eventData.Context!.ChangeTracker.Entries<CustomerAgreement>().Any(e => e.State == EntityState.Added))
            {
                FailNextSave = false;
                throw new IOException("Injected fault: the disk went away.");
            }
            return base.SavingChangesAsync(eventData, result, ct);
        }
    }
}
