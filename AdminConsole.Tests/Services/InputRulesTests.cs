using AdminConsole.Administrators;
using AdminConsole.Agreements;
using AdminConsole.Companies;
using AdminConsole.CompanyUsers;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>Control characters, hidden direction marks and oversize values get a field message; nothing is saved.</summary>
public sealed class InputRulesTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _company;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> BadNames() => new()
    {
        { "Acme\0 Ltd", "control characters" },
        { "Acme\u0007 Ltd", "control characters" },
        { "Acme\nLtd", "control characters" },
        { "\u202Edtl emcA", "hidden direction marks" },
        { "Acme\u2066 Ltd", "hidden direction marks" },
        { string.Concat(Enumerable.Repeat("😀", 10_000)), "at most 200 characters" },
        { new string('x', 201), "at most 200 characters" },
    };

    private static async Task AssertRefusedAsync(Func<Task> save, string field, string says)
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(save);
        Assert.Contains(says, problem.Errors[field]);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_customer_agreement_name(string name, string says)
    {
        var agreements = await _app.ServiceAsAsync<AgreementService>(Demo.Admin);
        await AssertRefusedAsync(() => agreements.CreateAsync(new AgreementInput(name, "123456")), "Name", says);
        await using var db = _app.Db();
        Assert.False(await db.CustomerAgreements.AnyAsync(a => a.CustomerNumber == "123456"));
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_superuser_name(string name, string says)
    {
        var subscriptions = await _app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(_company);
        var to = new SubscriptionState(status.Current.Plan, AgreementType.External, name, "new.superuser", "new@example.com");
        await AssertRefusedAsync(() => subscriptions.ChangeAsync(_company, new SubscriptionChange(to, status.Version)),
            "SuperuserName", says);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_company_users_name(string name, string says)
    {
        var users = await _app.ServiceAsAsync<CompanyUserService>(Demo.Admin);
        await AssertRefusedAsync(() => users.InviteAsync(_company, name, "person@example.com"), "Name", says);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_new_companys_name_and_organisation_number(string name, string says)
    {
        var agreements = await _app.ServiceAsAsync<AgreementService>(Demo.Admin);
        var agreement = await agreements.CreateAsync(new AgreementInput($"Rules {Guid.NewGuid():N}"[..20],
            Random.Shared.Next(1, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var input = new NewCompanyInput(name, "DK12345678", "DK", Plan.Small, AgreementType.Internal, null, null, null);
        await AssertRefusedAsync(() => agreements.CreateCompanyAsync(agreement, input), "Name", says);
        await AssertRefusedAsync(() => agreements.CreateCompanyAsync(agreement, input with { Name = "Fine ApS", OrganisationNumber = name }),
                "OrganisationNumber", says.Replace("200", "40"));
    }

    [Theory]
    [InlineData("bag\0eriet")]
    [InlineData("\0\0\0")]
    [InlineData("bageriet\u202E")]
    [InlineData("\"bageriet")]
    public async Task A_search_with_control_characters_never_reaches_the_query_and_still_finds(string term)
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Admin);
        var page = await companies.ListAsync(new CompanyListQuery(Search: term));
        if (term.Contains("bageriet") && !term.Contains('"'))
            Assert.Contains(page.Items, r => r.Name == DemoData.SuperuserCompany);
        var administrators = await _app.ServiceAsAsync<AdministratorService>(Demo.Admin);
        await administrators.SearchAsync(_company, term, 1);
        Assert.Equal("bageriet", CompanyListQuery.FromUrl("bag\0eriet\u202E", null, null, null, null).Search);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+45 1234", "'+45 1234")]
    [InlineData("Acme\0 Ltd", "Acme Ltd")]
    [InlineData("Plain", "Plain")]
    public void A_csv_cell_holds_no_control_characters_and_no_formula(string value, string cell) =>
        Assert.Equal(cell, TextRules.CsvSafe(value));
}
